// chancery audit checkpoint|prove and audit verify --checkpoint: signed
// checkpoints of the log and the proofs against them (docs/audit.md).

#include "clients/cpp/checkpoint_commands.h"

#include <initializer_list>
#include <iostream>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/proof_file.h"
#include "clients/cpp/record_leaf.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/table.h"
#include "clients/cpp/text_file.h"
#include "common/checkpoint.h"
#include "common/merkle.h"
#include "google/protobuf/struct.pb.h"

namespace chancery::cli {
namespace {

// Output goes to --out when given, else to stdout.
int Emit(const ParsedArgs& args, const std::string& text) {
  if (!args.Has("out")) {
    std::cout << text << std::flush;
    return kExitOk;
  }
  if (absl::Status written = WriteTextFile(args.Value("out"), text); !written.ok()) {
    return ReportLocalError(written);
  }
  return kExitOk;
}

// A check that found a problem: one line on stdout (with --json,
// {"ok":false,"problem":"..."}), exit 1.
int Broken(const Context& context, absl::string_view what, absl::string_view why) {
  if (context.json) {
    google::protobuf::Struct finding;
    (*finding.mutable_fields())["ok"].set_bool_value(false);
    (*finding.mutable_fields())["problem"].set_string_value(absl::StrCat(what, ": ", why));
    PrintJsonLine(finding, std::cout);
  } else {
    std::cout << Paint("broken", kRed, context.colour) << ": " << what << ": " << why << std::endl;
  }
  return kExitFailed;
}

// A check that passed: `sentence` after "ok: ", or with --json `fields`
// after "ok": true. Exit 0.
int Passed(const Context& context, absl::string_view sentence, google::protobuf::Struct fields) {
  if (context.json) {
    (*fields.mutable_fields())["ok"].set_bool_value(true);
    PrintJsonLine(fields, std::cout);
  } else {
    std::cout << Paint("ok", kGreen, context.colour) << ": " << sentence << std::endl;
  }
  return kExitOk;
}

// JsonFields makes a Struct of names and values: strings, or numbers.
struct JsonValue {
  JsonValue(const std::string& text) { value.set_string_value(text); }
  JsonValue(uint64_t number) { value.set_number_value(static_cast<double>(number)); }
  JsonValue(int64_t number) { value.set_number_value(static_cast<double>(number)); }
  google::protobuf::Value value;
};
google::protobuf::Struct JsonFields(
    std::initializer_list<std::pair<const char*, JsonValue>> fields) {
  google::protobuf::Struct json;
  for (const auto& [name, value] : fields) (*json.mutable_fields())[name] = value.value;
  return json;
}

// The log as the server serves it now still extends `checkpoint`: a fresh
// signed checkpoint of the server, and a consistency proof from the old
// size to its size, checked here; then the chain's hash at the old size.
int VerifyExtends(const Context& context, const Checkpoint& checkpoint,
                  const std::string& public_key) {
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Result<v1::GetCheckpointResponse> fetched = client->GetCheckpoint({}, WithTimeout());
  if (!fetched.ok()) return ReportRpcError(context, fetched.error());
  absl::StatusOr<Checkpoint> now = OpenCheckpoint(fetched->checkpoint(), public_key);
  if (!now.ok()) return Broken(context, "the server's checkpoint", now.status().message());
  if (now->size < checkpoint.size) {
    return Broken(context, "the log no longer extends the checkpoint",
                  absl::StrCat("it has ", now->size, " records, fewer than the checkpoint's ",
                               checkpoint.size));
  }
  if (checkpoint.size > 0) {
    v1::GetConsistencyProofRequest request;
    request.set_first_size(checkpoint.size);
    request.set_second_size(now->size);
    Result<v1::GetConsistencyProofResponse> proof =
        client->GetConsistencyProof(request, WithTimeout());
    if (!proof.ok()) return ReportRpcError(context, proof.error());
    const absl::Status consistent = merkle::VerifyConsistency(
        checkpoint.size, now->size, checkpoint.root, now->root,
        {proof->proof().begin(), proof->proof().end()});
    if (!consistent.ok()) {
      return Broken(context,
                    absl::StrCat("the log no longer extends the checkpoint: its first ",
                                 checkpoint.size, " records were changed"),
                    consistent.message());
    }
    v1::ReadLogRequest read;
    read.set_start_position(checkpoint.size);
    read.set_page_size(1);
    Result<v1::ReadLogResponse> page = client->ReadLog(read, WithTimeout());
    if (!page.ok()) return ReportRpcError(context, page.error());
    const std::string head = page->records().empty() ? "" : page->records(0).hash();
    if (head != checkpoint.head_hash) {
      return Broken(context, "the log's hash chain no longer extends the checkpoint",
                    absl::StrCat("the hash at position ", checkpoint.size, " is ",
                                 absl::BytesToHexString(head), ", the checkpoint's is ",
                                 absl::BytesToHexString(checkpoint.head_hash)));
    }
  }
  const std::string root = absl::Base64Escape(checkpoint.root);
  const std::string chain_head = absl::BytesToHexString(checkpoint.head_hash);
  return Passed(context,
                absl::StrCat("the log extends the checkpoint: its first ", checkpoint.size,
                             " records are unchanged (root ", root, ", chain head ", chain_head,
                             "); it now has ", now->size, " records"),
                JsonFields({{"checkpointSize", checkpoint.size},
                            {"root", root},
                            {"chainHead", chain_head},
                            {"size", now->size}}));
}

// The record of `proof_text` is in the log of `checkpoint`: offline.
int VerifyProof(const Context& context, const Checkpoint& checkpoint,
                const std::string& proof_text) {
  absl::StatusOr<InclusionProofFile> proof = ParseProofFile(proof_text);
  if (!proof.ok()) return Broken(context, "the proof", proof.status().message());
  if (proof->tree_size != checkpoint.size) {
    return Broken(context, "the proof",
                  absl::StrCat("it is for a log of ", proof->tree_size,
                               " records, the checkpoint's has ", checkpoint.size,
                               "; make one with chancery audit prove --checkpoint"));
  }
  absl::StatusOr<LeafRecord> record = DecodeLeaf(proof->leaf);
  if (!record.ok()) return Broken(context, "the proof", record.status().message());
  if (record->position != proof->position) {
    return Broken(context, "the proof",
                  absl::StrCat("its leaf is the record at position ", record->position,
                               ", not ", proof->position));
  }
  absl::StatusOr<std::string> root =
      proof->position == 0
          ? absl::InvalidArgumentError("position 0 names no record")
          : merkle::RootFromInclusionProof(proof->position - 1, proof->tree_size,
                                           merkle::LeafHash(proof->leaf), proof->path);
  if (!root.ok()) return Broken(context, "the proof", root.status().message());
  if (*root != checkpoint.root) {
    return Broken(context, "the proof",
                  "it does not lead to the checkpoint's root: the record or its audit path was "
                  "changed");
  }
  return Passed(context,
                absl::StrCat("position ", record->position, " is in the checkpoint's log of ",
                             checkpoint.size, " records: ", record->event_type, " ",
                             record->event_id, ", stream ", record->stream, " revision ",
                             record->revision,
                             record->recorded_by.empty()
                                 ? ""
                                 : absl::StrCat(", recorded by ", record->recorded_by)),
                JsonFields({{"position", record->position},
                            {"checkpointSize", checkpoint.size},
                            {"eventType", record->event_type},
                            {"eventId", record->event_id},
                            {"stream", record->stream},
                            {"revision", record->revision},
                            {"recordedBy", record->recorded_by}}));
}

int RunCheckpoint(const Context& context, const ParsedArgs& args) {
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Result<v1::GetCheckpointResponse> checkpoint = client->GetCheckpoint({}, WithTimeout());
  if (!checkpoint.ok()) return ReportRpcError(context, checkpoint.error());
  return Emit(args, checkpoint->checkpoint());
}

int RunProve(const Context& context, const ParsedArgs& args) {
  if (!args.Has("position") || !args.Has("checkpoint")) {
    return ReportUsageError(absl::InvalidArgumentError(
        "chancery audit prove needs --position P and --checkpoint FILE (see --help)"));
  }
  absl::StatusOr<uint64_t> position = ParseCountFlag("--position", args.Value("position"));
  if (!position.ok()) return ReportUsageError(position.status());
  absl::StatusOr<std::string> text = ReadTextFile(args.Value("checkpoint"));
  if (!text.ok()) return ReportUsageError(text.status());
  // Only its size matters here: verifying the proof checks the signature.
  absl::StatusOr<Checkpoint> checkpoint = ReadCheckpointUnverified(*text);
  if (!checkpoint.ok()) return ReportUsageError(checkpoint.status());
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  v1::GetInclusionProofRequest request;
  request.set_position(*position);
  request.set_tree_size(checkpoint->size);
  Result<v1::GetInclusionProofResponse> response =
      client->GetInclusionProof(request, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  InclusionProofFile proof{*position, checkpoint->size, response->leaf(),
                           {response->audit_path().begin(), response->audit_path().end()}};
  return Emit(args, FormatProofFile(proof));
}

}  // namespace

int RunVerifyCheckpoint(const Context& context, const ParsedArgs& args) {
  if (!args.Has("public-key")) {
    return ReportUsageError(absl::InvalidArgumentError(
        "--checkpoint needs --public-key=PEM, the public half of chanceryd's --signing-key"));
  }
  absl::StatusOr<std::string> public_key = ReadEd25519PublicKeyPem(args.Value("public-key"));
  if (!public_key.ok()) return ReportUsageError(public_key.status());
  absl::StatusOr<std::string> text = ReadTextFile(args.Value("checkpoint"));
  if (!text.ok()) return ReportUsageError(text.status());
  std::string proof_text;
  if (args.Has("proof")) {
    absl::StatusOr<std::string> read = ReadTextFile(args.Value("proof"));
    if (!read.ok()) return ReportUsageError(read.status());
    proof_text = *std::move(read);
  }
  absl::StatusOr<Checkpoint> checkpoint = OpenCheckpoint(*text, *public_key);
  if (!checkpoint.ok()) return Broken(context, "the checkpoint", checkpoint.status().message());
  return args.Has("proof") ? VerifyProof(context, *checkpoint, proof_text)
                           : VerifyExtends(context, *checkpoint, *public_key);
}

Command AuditCheckpointCommand() {
  return {{"audit checkpoint", "[--out FILE]",
           "Prints the server's signed checkpoint of the log now (or writes it to --out).\n"
           "Keep it outside the server; audit verify --checkpoint shows later that the log\n"
           "still extends it (docs/audit.md).",
           {{"out", true, "FILE write the checkpoint there instead of stdout"}}},
          RunCheckpoint};
}

Command AuditProveCommand() {
  return {{"audit prove", "--position P --checkpoint FILE [--out FILE]",
           "Fetches the inclusion proof of the record at position P in the checkpoint's log.\n"
           "Check it offline with audit verify --checkpoint FILE --public-key PEM --proof FILE.",
           {{"position", true, "P the record's log position (required)"},
            {"checkpoint", true, "FILE a checkpoint from audit checkpoint (required)"},
            {"out", true, "FILE write the proof there instead of stdout"}}},
          RunProve};
}

}  // namespace chancery::cli
