#include "services/server/webhook_post.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/hmac.h"
#include "google/protobuf/util/json_util.h"

namespace chancery::server {
namespace {

// The answer's body is not read: only its status counts.
size_t Discard(char* /*data*/, size_t size, size_t count, void* /*user*/) { return size * count; }

int Progress(void* cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(cancel)->load() ? 1 : 0;
}

}  // namespace

absl::Status PostToWebhook(const v1::Webhook& webhook, const std::string& group,
                           const v1::GroupDelivery& delivery, const std::string& ca_file,
                           const std::atomic<bool>* cancel) {
  static std::once_flag initialized;
  std::call_once(initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  std::string body;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  if (!google::protobuf::util::MessageToJsonString(delivery, &body, options).ok()) {
    return absl::InternalError("the delivery could not be written as JSON");
  }
  const std::string signature =
      absl::StrCat("Chancery-Signature: sha256=",
                   absl::BytesToHexString(HmacSha256(webhook.secret(), body)));

  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (curl == nullptr) return absl::InternalError("libcurl could not start a request");
  curl_slist* headers = nullptr;
  for (const std::string& header :
       {std::string("Content-Type: application/json"), absl::StrCat("Chancery-Group: ", group),
        absl::StrCat("Chancery-Position: ", delivery.position()),
        absl::StrCat("Chancery-Attempt: ", delivery.attempt()), signature}) {
    headers = curl_slist_append(headers, header.c_str());
  }
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, &curl_slist_free_all);
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, webhook.url().c_str());
  if (!ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, ca_file.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(kWebhookTimeout)));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &Progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
  const CURLcode result = curl_easy_perform(handle);
  if (result == CURLE_OPERATION_TIMEDOUT) {
    return absl::DeadlineExceededError(
        absl::StrCat("no answer within ", absl::FormatDuration(kWebhookTimeout)));
  }
  if (result != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat("the POST failed: ", curl_easy_strerror(result)));
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return absl::UnavailableError(absl::StrCat("the webhook answered HTTP ", status));
  }
  return absl::OkStatus();
}

}  // namespace chancery::server
