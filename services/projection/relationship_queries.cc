#include "services/projection/relationship_queries.h"
#include "services/domain/streams.h"

#include <algorithm>

namespace chancery::projection {

RelationshipState FoldAt(const StreamEvents* events, const Bitemporal& at,
                         const ModelSettings& settings) {
  RelationshipFold fold(settings);
  ForEachVisible(events, at, [&fold](const FoldEvent& event) { fold.Apply(event); });
  return fold.At(at.as_of_day);
}

v1::QuadClassCounts ToQuadClassCounts(const WindowCounts& window) {
  v1::QuadClassCounts counts;
  counts.set_verbal_cooperation(window.quad[v1::QUAD_CLASS_VERBAL_COOPERATION]);
  counts.set_material_cooperation(window.quad[v1::QUAD_CLASS_MATERIAL_COOPERATION]);
  counts.set_verbal_conflict(window.quad[v1::QUAD_CLASS_VERBAL_CONFLICT]);
  counts.set_material_conflict(window.quad[v1::QUAD_CLASS_MATERIAL_CONFLICT]);
  return counts;
}

v1::Relationship ToRelationship(absl::string_view dyad, const Bitemporal& at,
                                const RelationshipState& state, const ModelSettings& settings) {
  const std::optional<domain::StreamName> name = domain::StreamName::FromCanonical(dyad);
  const std::string a(name->first());
  const std::string b(name->second());
  v1::Relationship relationship;
  relationship.set_dyad(std::string(dyad));
  *relationship.mutable_as_of_date() = at.as_of_day.date();
  relationship.set_known_at_position(at.known_at);
  relationship.set_status(state.status);
  if (state.has_status_cause) {
    *relationship.mutable_status_since_date() = state.status_day.date();
    relationship.set_status_event_id(FormatEventId(state.status_event_id));
  }
  relationship.set_representation_a_in_b(state.a_in_b);
  relationship.set_representation_b_in_a(state.b_in_a);
  for (const MeasureState& measure : state.measures) {
    v1::Measure* out = relationship.add_measures();
    out->set_kind(measure.kind);
    out->set_imposer_code(measure.imposer_is_a ? a : b);
    out->set_open_event_id(FormatEventId(measure.open_id));
    *out->mutable_open_date() = measure.open_day.date();
    if (measure.close_id) {
      out->set_close_event_id(FormatEventId(*measure.close_id));
      *out->mutable_close_date() = measure.close_day.date();
    }
  }
  relationship.set_score(state.score);
  relationship.set_short_score(state.short_score);
  relationship.set_trend(state.trend);
  *relationship.mutable_window_counts() = ToQuadClassCounts(state.window);
  relationship.set_window_days(settings.window_days);
  relationship.set_event_count(state.event_count);
  relationship.set_occurrence_count(state.occurrence_count);
  return relationship;
}

v1::ActorProfile Profile(const ProjectionIndex& index, absl::string_view code,
                         const Bitemporal& at, const ModelSettings& settings,
                         uint64_t* last_domestic_position) {
  v1::ActorProfile profile;
  profile.set_actor_code(std::string(code));
  *profile.mutable_as_of_date() = at.as_of_day.date();
  profile.set_known_at_position(at.known_at);
  for (const std::string& dyad : index.DyadsOf(code)) {
    const RelationshipState state = FoldAt(index.Events(dyad), at, settings);
    if (state.empty()) continue;
    v1::PartnerStanding* partner = profile.add_partners();
    partner->set_partner_code(std::string(domain::StreamName::FromCanonical(dyad)->PartnerOf(code)));
    partner->set_dyad(dyad);
    partner->set_status(state.status);
    partner->set_score(state.score);
    partner->set_trend(state.trend);
    partner->set_event_count(state.event_count);
  }
  auto* partners = profile.mutable_partners();
  std::sort(partners->begin(), partners->end(),
            [](const v1::PartnerStanding& x, const v1::PartnerStanding& y) {
              if (x.score() != y.score()) return x.score() > y.score();
              return x.partner_code() < y.partner_code();
            });
  const RelationshipState domestic = FoldAt(index.Events(code), at, settings);
  v1::DomesticRecord* record = profile.mutable_domestic();
  *record->mutable_window_counts() = ToQuadClassCounts(domestic.window);
  record->set_repression_count(domestic.window.repression);
  record->set_protest_count(domestic.window.protest);
  record->set_reform_count(domestic.window.reform);
  record->set_score(domestic.score);
  record->set_event_count(domestic.event_count);
  *last_domestic_position = domestic.last_event_position;
  return profile;
}

}  // namespace chancery::projection
