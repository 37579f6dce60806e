#include "services/chanceryd/serve.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "common/ed25519.h"
#include "common/log.h"
#include "eventstore/open_event_store.h"
#include "services/server/audit_service.h"
#include "services/server/call_log.h"
#include "services/server/call_metrics.h"
#include "services/server/event_log_service.h"
#include "services/server/executor.h"
#include "services/server/log_fanout.h"
#include "services/server/malformed_requests.h"
#include "services/server/metrics.h"
#include "services/server/operations_service.h"
#include "services/server/sampled_gauges.h"
#include "services/server/projections.h"
#include "services/server/relations_service.h"
#include "services/server/serving_health.h"
#include "services/server/subscription_group_service.h"
#include "services/server/token_authenticator.h"
#include "services/chanceryd/metrics_endpoint.h"
#include "services/chanceryd/server_gauges.h"
#include "services/chanceryd/server_tls.h"

namespace chancery::chanceryd {
namespace {

// How long shutdown waits for in-flight calls before cancelling them.
constexpr absl::Duration kShutdownGrace = absl::Seconds(10);

// Threads that read the store for calls: reads on SQLite's WAL run side by
// side, and a few let one slow read (a whole-log verify) not hold up the
// rest on a 2-core machine.
constexpr int kReadThreads = 4;

// A backup's chunks: large enough that a message's overhead is nothing,
// small enough to hold one per backup in memory.
constexpr size_t kBackupChunkBytes = 1 << 20;

// ReplicaName names this process among the members of the subscription
// groups it serves: the host and process, for people, and a random part,
// since containers may share both.
std::string ReplicaName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  absl::BitGen random;
  return absl::StrCat(host, " pid ", getpid(), " ", absl::Hex(absl::Uniform<uint32_t>(random)));
}

// Refuse writes why chanceryd cannot start, and returns its exit code.
int Refuse(absl::string_view why) {
  log::Write(log::Level::kError, absl::StrCat("chanceryd: ", why));
  return 2;
}

// CheckWebhookCa: `path` (--webhook-ca) holds at least one PEM certificate.
absl::Status CheckWebhookCa(const std::string& path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> file(BIO_new_file(path.c_str(), "r"), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> certificate(
      file == nullptr ? nullptr : PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr),
      &X509_free);
  if (certificate == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--webhook-ca=", path, ": ", file == nullptr ? "cannot be read" : "holds no PEM certificate"));
  }
  return absl::OkStatus();
}

// StartMetrics serves the metrics at --metrics-listen: the counters, and the
// gauges sampled from `store` and `projections` (which outlive it).
absl::StatusOr<std::unique_ptr<MetricsEndpoint>> StartMetrics(const Flags& flags,
                                                              server::Metrics& metrics,
                                                              eventstore::EventStore& store,
                                                              const server::Projections& projections) {
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
      MetricsEndpoint::Start(flags.metrics_listen);
  if (!endpoint.ok()) return endpoint.status();
  absl::StatusOr<uint64_t> head = store.HeadPosition();
  if (!head.ok()) return head.status();
  auto gauges = std::make_shared<server::SampledGauges>();
  AddServerGauges(*gauges, &store, flags.store, &projections, *head);
  (*endpoint)->Expose(metrics.registry());
  (*endpoint)->Expose(gauges);
  store.SetObserver(&metrics);
  const std::string host = flags.metrics_listen.substr(0, flags.metrics_listen.rfind(':'));
  log::Write(log::Level::kInfo,
             absl::StrCat("chanceryd metrics on http://", host, ":", (*endpoint)->port(), "/metrics"));
  return endpoint;
}

// WritePortFile writes `port` so that a reader never sees a partial file.
bool WritePortFile(const std::string& path, int port) {
  const std::string temporary = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream out(temporary);
    out << port << "\n";
    if (!out.flush()) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

// The listener's security: TLS or not, and who may call what.
struct Security {
  std::unique_ptr<ServerTls> tls;                             // Null: plaintext.
  std::shared_ptr<server::TokenAuthenticator> authenticator;  // Null: open to every caller.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

absl::StatusOr<Security> MakeSecurity(const Flags& flags) {
  Security security;
  if (!flags.tokens.empty()) {
    absl::StatusOr<server::TokenTable> tokens = server::LoadTokenFile(flags.tokens);
    if (!tokens.ok()) return tokens.status();
    security.authenticator =
        std::make_shared<server::TokenAuthenticator>(*std::move(tokens), flags.reflection_open);
  }
  if (!flags.tls_cert.empty()) {
    absl::StatusOr<std::unique_ptr<ServerTls>> tls =
        ServerTls::Start({flags.tls_cert, flags.tls_key, flags.tls_client_ca});
    if (!tls.ok()) return tls.status();
    security.tls = *std::move(tls);
    security.credentials = security.tls->credentials();
  } else if (security.authenticator != nullptr) {
    // gRPC checks tokens in the listener's security layer, which plaintext
    // lacks: local credentials are plaintext with that layer, for loopback
    // (flags.cc allows tokens without TLS only there).
    security.credentials = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  } else {
    security.credentials = grpc::InsecureServerCredentials();
  }
  if (security.authenticator != nullptr) {
    security.credentials->SetAuthMetadataProcessor(security.authenticator);
  }
  return security;
}

// Describe: the start-up line that says who may call.
std::string Describe(const Flags& flags, const Security& security) {
  const std::string transport =
      security.tls == nullptr          ? "plaintext"
      : flags.tls_client_ca.empty()    ? "TLS"
                                       : "mutual TLS (client certificates required)";
  if (security.authenticator == nullptr) {
    return absl::StrCat("chanceryd: ", transport,
                        ", open: no --tokens, so every caller may record, retract and read");
  }
  return absl::StrCat("chanceryd: ", transport, ", tokens from ", flags.tokens,
                      "; reflection ", flags.reflection_open ? "open" : "needs a token");
}

// Reload re-reads the certificates and the tokens file (SIGHUP). A file
// that does not check out leaves the current one in use.
void Reload(const Flags& flags, Security& security) {
  if (security.tls != nullptr) {
    absl::Status reloaded = security.tls->Reload();
    log::Write(log::Level::kInfo,
               absl::StrCat("chanceryd: SIGHUP: ",
                            reloaded.ok() ? "certificates reloaded; new connections use them"
                                          : absl::StrCat("certificates kept: ", reloaded.message())));
  }
  if (security.authenticator != nullptr) {
    absl::StatusOr<server::TokenTable> tokens = server::LoadTokenFile(flags.tokens);
    if (tokens.ok()) security.authenticator->Replace(*std::move(tokens));
    log::Write(log::Level::kInfo,
               absl::StrCat("chanceryd: SIGHUP: ",
                            tokens.ok() ? "tokens reloaded"
                                        : absl::StrCat("tokens kept: ", tokens.status().message())));
  }
}

// WaitForStopSignal waits for SIGTERM or SIGINT, reloading on each SIGHUP.
int WaitForStopSignal(const Flags& flags, Security& security) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  while (true) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal != SIGHUP) return signal;
    Reload(flags, security);
  }
}

}  // namespace

int Serve(const Flags& flags) {
  absl::StatusOr<Security> security = MakeSecurity(flags);
  if (!security.ok()) {
    return Refuse(security.status().message());
  }
  if (!flags.webhook_ca.empty()) {
    if (absl::Status ca = CheckWebhookCa(flags.webhook_ca); !ca.ok()) {
      return Refuse(ca.message());
    }
  }
  std::optional<Ed25519PrivateKey> signing_key;
  if (!flags.signing_key.empty()) {
    absl::StatusOr<Ed25519PrivateKey> key = Ed25519PrivateKey::ReadPem(flags.signing_key);
    if (!key.ok()) {
      return Refuse(absl::StrCat("--signing-key: ", key.status().message()));
    }
    signing_key = *std::move(key);
  }
  // Before the store, which reports to it until it closes.
  server::Metrics metrics;
  absl::StatusOr<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::OpenEventStore(flags.store, flags.durability);
  if (!store.ok()) {
    return Refuse(store.status().message());
  }
  projection::ModelSettings model;
  model.half_life_days = flags.half_life_days;
  server::Projections projections(model, eventstore::SidecarPath(flags.store, ".projections"));
  // Served from here, so that a long load of the projections shows its progress.
  std::unique_ptr<MetricsEndpoint> metrics_endpoint;
  if (!flags.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
        StartMetrics(flags, metrics, **store, projections);
    if (!endpoint.ok()) {
      return Refuse(endpoint.status().message());
    }
    metrics_endpoint = *std::move(endpoint);
  }
  if (absl::Status loaded = projections.Load(**store); !loaded.ok()) {
    return Refuse(absl::StrCat("loading the projections: ", loaded.message()));
  }
  server::LogFanout fanout(store->get(), flags.subscriber_buffer,
                           [&projections](const std::vector<server::SharedRecord>& records) {
                             projections.Apply(records);
                           });
  fanout.Start(projections.head());
  // Store reads and waits for the projections, off gRPC's threads.
  auto reads = std::make_unique<server::Executor>(kReadThreads, "chancery-read");
  server::CallLimits limits(flags.limits);
  server::RelationsService relations(store->get(), &projections, &fanout, reads.get(), &limits,
                                     &metrics);
  server::EventLogService event_log(store->get(), &fanout, &projections, reads.get(), &limits,
                                    &metrics);
  server::AuditService audit(store->get(), &projections, reads.get(), &limits, &metrics,
                             signing_key ? &*signing_key : nullptr);
  // Half the largest message, should --max-message-bytes be below 2 MiB.
  server::OperationsService operations(
      store->get(), reads.get(), &limits,
      std::max<size_t>(1, std::min<size_t>(kBackupChunkBytes, flags.max_message_bytes / 2)));
  server::SubscriptionGroupService groups(
      {store->get(), &fanout, &projections, reads.get(), ReplicaName(), &metrics, flags.webhook_ca},
      {flags.allow_http_webhooks_to_localhost}, &limits);
  if (absl::Status started = groups.StartWebhooks(); !started.ok()) {
    return Refuse(
        absl::StrCat("starting the subscription groups' webhooks: ", started.message()));
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Without this, gRPC sets SO_REUSEPORT, and a second server on a busy port
  // would silently share its traffic instead of failing.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, flags.streams_per_connection);
  builder.SetMaxReceiveMessageSize(flags.max_message_bytes);
  builder.SetMaxSendMessageSize(flags.max_message_bytes);
  int port = 0;
  builder.AddListeningPort(flags.listen, security->credentials, &port);
  builder.RegisterService(&relations);
  builder.RegisterService(&event_log);
  builder.RegisterService(&audit);
  builder.RegisterService(&groups);
  builder.RegisterService(&operations);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(server::MalformedRequestInterceptorFactory());
  interceptors.push_back(server::CallLogInterceptorFactory({flags.log_calls, flags.slow_call}));
  if (metrics_endpoint != nullptr) {
    interceptors.push_back(server::CallMetricsInterceptorFactory(&metrics));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return Refuse(absl::StrCat("cannot listen on ", flags.listen,
                               " (in use, or not an address of this host)"));
  }
  const std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  log::Write(log::Level::kInfo, absl::StrCat("chanceryd listening on ", host, ":", port));
  log::Write(log::Level::kInfo, Describe(flags, *security));
  if (!flags.port_file.empty() && !WritePortFile(flags.port_file, port)) {
    server->Shutdown();
    return Refuse(absl::StrCat("cannot write --port-file=", flags.port_file));
  }

  {
    // NOT_SERVING while the store cannot commit; it stops following before
    // the store closes.
    server::ServingHealth health(**store, *server->GetHealthCheckService());
    const int signal = WaitForStopSignal(flags, *security);
    log::Write(log::Level::kInfo,
               absl::StrCat("chanceryd: ", strsignal(signal), " received, shutting down"));
    fanout.Close();  // Ends every subscription with UNAVAILABLE.
    server->Shutdown(absl::ToChronoTime(absl::Now() + kShutdownGrace));
    server->Wait();
  }
  metrics_endpoint.reset();  // Its scrapes read the store, which closes below.
  // Every call is done; a read that outlived its call ends here, before the
  // store closes.
  reads.reset();
  groups.Shutdown();  // Saves the served groups' checkpoints.
  // The follower has stopped (fanout.Close), so the projections are still.
  if (absl::Status saved = projections.SaveSnapshot(); !saved.ok()) {
    log::Write(log::Level::kWarning,
               absl::StrCat("chanceryd: saving the projection snapshot: ", saved.message()));
  }
  store->reset();  // Commits every append already queued.
  log::Write(log::Level::kInfo, "chanceryd: stopped");
  return 0;
}

}  // namespace chancery::chanceryd
