#include "services/domain/event_normalizer.h"

#include "absl/strings/ascii.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace chancery::domain {

void NormalizeEvent(v1::DiplomaticEvent& event, const CameoCodebook& codebook) {
  absl::AsciiStrToLower(event.mutable_event_id());
  if (const CameoCode* code = codebook.Find(event.cameo_code()); code != nullptr) {
    if (!event.has_goldstein()) event.set_goldstein(code->goldstein);
    if (event.quad_class() == v1::QUAD_CLASS_UNSPECIFIED) event.set_quad_class(code->quad_class);
  }
  if (event.has_goldstein() && event.goldstein() == 0.0) event.set_goldstein(0.0);  // No -0.0.
  // DiscardUnknownFields walks every field by reflection, the costliest part
  // of recording an event; almost no event has any to discard.
  if (HasUnknownFields(event)) event.DiscardUnknownFields();
}

bool HasUnknownFields(const v1::DiplomaticEvent& event) {
  const auto any = [](const google::protobuf::Message& message) {
    return !message.GetReflection()->GetUnknownFields(message).empty();
  };
  if (any(event) || any(event.occur_date()) || any(event.source()) || any(event.target())) {
    return true;
  }
  for (const v1::Citation& citation : event.citations()) {
    if (any(citation) || any(citation.publish_date())) return true;
  }
  return false;
}

void NormalizeObservation(v1::RepresentationObservation& observation) {
  absl::AsciiStrToLower(observation.mutable_observation_id());
  if (observation.b_code() < observation.a_code()) {
    observation.mutable_a_code()->swap(*observation.mutable_b_code());
    const v1::ObservedRepresentation a_in_b = observation.a_in_b();
    observation.set_a_in_b(observation.b_in_a());
    observation.set_b_in_a(a_in_b);
  }
  observation.DiscardUnknownFields();  // Observations are few: no need to look first.
}

std::string DeterministicBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream output(&stream);
    output.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&output);
  }  // The CodedOutputStream flushes into `bytes` when destroyed.
  return bytes;
}

}  // namespace chancery::domain
