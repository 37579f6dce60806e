// A command that makes one unary call: connect, call, print the answer
// (with --json as it is), and exit with the code that goes with it.

#ifndef CHANCERY_CLIENTS_CPP_UNARY_CALL_H_
#define CHANCERY_CLIENTS_CPP_UNARY_CALL_H_

#include <iostream>

#include "chancery/client.h"
#include "clients/cpp/cli_context.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {

// CallAndPrint calls `method` with `request` and prints the response: with
// --json as one JSON line, else with `print(response)`.
template <typename Request, typename Response, typename Print>
int CallAndPrint(const Context& context,
                 Result<Response> (Client::*method)(const Request&, const CallOptions&) const,
                 const Request& request, Print print) {
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  const Result<Response> response = ((*client).*method)(request, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  if (context.json) {
    PrintJsonLine(*response, std::cout);
  } else {
    print(*response);
  }
  return kExitOk;
}

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_UNARY_CALL_H_
