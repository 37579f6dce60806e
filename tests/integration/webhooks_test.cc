// Subscription groups that deliver by webhook, against a real chanceryd and
// a test HTTP server: signed posts, retries with back-off, parking, and the
// requests refused.

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "common/hmac.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "services/chanceryd/testing/test_pki.h"
#include "tests/integration/group_consumer.h"
#include "tests/integration/test_events.h"
#include "tests/integration/webhook_receiver.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kSecret[] = "a webhook secret of 32 bytes....";

class WebhooksTest : public ::testing::Test {
 protected:
  void SetUp() override { StartWith({"--allow-http-webhooks-to-localhost"}); }

  void StartWith(std::vector<std::string> flags) {
    server_ = ChancerydProcess::Start(CHANCERYD_PATH, dir_.File("chancery.db"), std::move(flags));
    ASSERT_NE(server_, nullptr);
    channel_ = server_->NewChannel();
    groups_ = v1::SubscriptionGroupService::NewStub(channel_);
  }

  void Record(int count) {
    v1::RecordEventsRequest request;
    for (int i = 1; i <= count; ++i) *request.add_events() = TestEvent(TestUuid(i));
    grpc::ClientContext context;
    v1::RecordEventsResponse response;
    ASSERT_TRUE(v1::RelationsService::NewStub(channel_)->RecordEvents(&context, request, &response).ok());
  }

  // WaitForParked waits (up to 60 s) until `name` has a parked event, and
  // returns the parked list.
  v1::ListParkedEventsResponse WaitForParked(const std::string& name) {
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    while (Describe(name).state().parked_count() == 0 && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    grpc::ClientContext context;
    v1::ListParkedEventsRequest request;
    request.set_name(name);
    v1::ListParkedEventsResponse parked;
    EXPECT_TRUE(groups_->ListParkedEvents(&context, request, &parked).ok());
    return parked;
  }

  grpc::Status Create(const std::string& name, const std::string& url, uint32_t max_attempts,
                      const std::string& secret = kSecret,
                      v1::CreateGroupResponse* response = nullptr) {
    grpc::ClientContext context;
    v1::CreateGroupRequest request;
    request.mutable_group()->set_name(name);
    request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
    request.mutable_group()->set_max_attempts(max_attempts);
    request.mutable_group()->mutable_webhook()->set_url(url);
    request.mutable_group()->mutable_webhook()->set_secret(secret);
    request.set_start_after_position(0);
    v1::CreateGroupResponse ignored;
    return groups_->CreateGroup(&context, request, response != nullptr ? response : &ignored);
  }

  v1::GetGroupResponse Describe(const std::string& name) {
    grpc::ClientContext context;
    v1::GetGroupRequest request;
    request.set_name(name);
    v1::GetGroupResponse response;
    EXPECT_TRUE(groups_->GetGroup(&context, request, &response).ok());
    return response;
  }

  TempDir dir_;
  std::unique_ptr<ChancerydProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::SubscriptionGroupService::Stub> groups_;
};

TEST_F(WebhooksTest, PostsSignedDeliveriesInOrderAndRetriesAFailureAfterABackoff) {
  WebhookReceiver receiver({503, 200});
  Record(2);  // One stream: the second waits for the first.
  v1::CreateGroupResponse created;
  ASSERT_TRUE(Create("hooked", receiver.url(), 5, kSecret, &created).ok());
  EXPECT_TRUE(created.group().webhook().secret().empty());  // Never shown.
  EXPECT_EQ(created.group().webhook().url(), receiver.url());

  const std::vector<ReceivedPost> posts = receiver.WaitFor(3, absl::Seconds(20));
  ASSERT_EQ(posts.size(), 3u);
  std::vector<std::string> order;
  for (const ReceivedPost& post : posts) {
    order.push_back(post.headers.at("chancery-position") + "/" +
                    post.headers.at("chancery-attempt"));
    EXPECT_EQ(post.path, "/hook");
    EXPECT_EQ(post.headers.at("chancery-group"), "hooked");
    EXPECT_EQ(post.headers.at("content-type"), "application/json");
    EXPECT_EQ(post.headers.at("chancery-signature"),
              "sha256=" + absl::BytesToHexString(HmacSha256(kSecret, post.body)));
    EXPECT_THAT(post.body, HasSubstr("\"stream\":\"KHM-USA\""));
  }
  EXPECT_THAT(order, ElementsAre("1/1", "1/2", "2/1"));
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (Describe("hooked").state().checkpoint() < 2 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(Describe("hooked").state().checkpoint(), 2u);
  EXPECT_TRUE(Describe("hooked").group().webhook().secret().empty());
}

TEST_F(WebhooksTest, AWebhookThatKeepsFailingHasItsEventsParked) {
  WebhookReceiver receiver({500});
  Record(1);
  ASSERT_TRUE(Create("failing", receiver.url(), 2).ok());
  receiver.WaitFor(2, absl::Seconds(20));
  const v1::ListParkedEventsResponse parked = WaitForParked("failing");
  const v1::GetGroupResponse described = Describe("failing");
  EXPECT_EQ(described.state().parked_count(), 1u);
  EXPECT_EQ(described.state().checkpoint(), 1u);
  ASSERT_EQ(parked.events_size(), 1);
  EXPECT_EQ(parked.events(0).last_error(), "the webhook answered HTTP 500");
}

TEST_F(WebhooksTest, AWebhookThatDoesNotAnswerInTimeIsAFailedDelivery) {
  WebhookReceiver silent({0});
  Record(1);
  ASSERT_TRUE(Create("silent", silent.url(), 1).ok());
  const v1::ListParkedEventsResponse parked = WaitForParked("silent");
  ASSERT_EQ(parked.events_size(), 1);
  EXPECT_EQ(parked.events(0).last_error(), "no answer within 10s");
  EXPECT_EQ(Describe("silent").state().checkpoint(), 1u);
}

TEST_F(WebhooksTest, RefusesPlainHttpElsewhereShortSecretsAndConsumers) {
  WebhookReceiver receiver({200});
  grpc::Status refused = Create("plain", "http://example.org/hook", 0, "short");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "group.webhook.url");
  EXPECT_THAT(bad_request.field_violations(0).description(), HasSubstr("is not https"));
  EXPECT_EQ(bad_request.field_violations(1).field(), "group.webhook.secret");

  ASSERT_TRUE(Create("hooked", receiver.url(), 0).ok());
  TestGroupConsumer consumer(channel_, "hooked");
  v1::ConsumeGroupResponse message;
  EXPECT_FALSE(consumer.Next(message));
  const grpc::Status joined = consumer.Finish();
  EXPECT_EQ(joined.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(joined.error_message(), HasSubstr("delivers by webhook"));
}

// Webhooks over https, checked against the CA of --webhook-ca.
class WebhooksOverHttpsTest : public WebhooksTest {
 protected:
  void SetUp() override {
    ca_ = pki_.MakeCa("ca");
    StartWith({"--webhook-ca=" + ca_.cert});
  }

  const TestPki pki_{dir_.path()};
  CertificateFiles ca_;
};

TEST_F(WebhooksOverHttpsTest, PostsToAServerItsCaVouchesForAndNotToAnother) {
  const CertificateFiles vouched =
      pki_.Issue(ca_, "vouched", "localhost", {"DNS:localhost", "IP:127.0.0.1"});
  WebhookReceiver receiver({200}, vouched.cert, vouched.key);
  Record(1);
  ASSERT_TRUE(Create("secure", receiver.url(), 1).ok());
  const std::vector<ReceivedPost> posts = receiver.WaitFor(1, absl::Seconds(20));
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].headers.at("chancery-position"), "1");

  // A server whose certificate another CA signed: the post fails, and after
  // max_attempts the event is parked with curl's reason.
  const CertificateFiles other_ca = pki_.MakeCa("other-ca");
  const CertificateFiles stranger =
      pki_.Issue(other_ca, "stranger", "localhost", {"DNS:localhost", "IP:127.0.0.1"});
  WebhookReceiver impostor({200}, stranger.cert, stranger.key);
  ASSERT_TRUE(Create("refused", impostor.url(), 1).ok());
  const v1::ListParkedEventsResponse parked = WaitForParked("refused");
  ASSERT_EQ(parked.events_size(), 1);
  EXPECT_THAT(parked.events(0).last_error(), HasSubstr("certificate"));
  EXPECT_TRUE(impostor.WaitFor(1, absl::Milliseconds(1)).empty());
}

TEST(WebhookCaTest, AFileWithoutACertificateIsAStartUpError) {
  TempDir dir;
  std::string err;
  EXPECT_EQ(RunChanceryd(CHANCERYD_PATH,
                         {"--listen=127.0.0.1:0", "--store=sqlite:" + dir.File("chancery.db"),
                          "--webhook-ca=" + dir.File("missing.pem")},
                         &err),
            2);
  EXPECT_THAT(err, HasSubstr("--webhook-ca=" + dir.File("missing.pem") + ": cannot be read"));
}

TEST(WebhooksWithoutTheFlagTest, RefusesPlainHttpEvenToLocalhost) {
  TempDir dir;
  auto server = ChancerydProcess::Start(CHANCERYD_PATH, dir.File("chancery.db"));
  ASSERT_NE(server, nullptr);
  grpc::ClientContext context;
  v1::CreateGroupRequest request;
  request.mutable_group()->set_name("local");
  request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
  request.mutable_group()->mutable_webhook()->set_url("http://127.0.0.1:9/hook");
  request.mutable_group()->mutable_webhook()->set_secret(kSecret);
  v1::CreateGroupResponse response;
  const grpc::Status refused = v1::SubscriptionGroupService::NewStub(server->NewChannel())
                                   ->CreateGroup(&context, request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("--allow-http-webhooks-to-localhost"));
}

}  // namespace
}  // namespace chancery::testing
