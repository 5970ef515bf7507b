#pragma once

#include "calls.h"
#include "connection.h"

namespace Acp {

// The answer to a typed call: the response as it came and, when it succeeded, its result
// decoded once (or why it could not be).
template<typename R>
struct Reply
{
    Response response;
    std::optional<R> result; // set when the call succeeded and the answer is valid
    QString invalid; // the call succeeded but the answer is not a valid R: why

    bool ok() const { return result.has_value(); }
};

// Sends `call` with `params` on `connection`; `handler(const Reply<R> &)` runs on `context`'s
// thread, as Connection::sendRequest's handlers do.
template<typename P, typename R, typename Handler>
RequestHandle call(Connection &connection, const Call<P, R> &call, const P &params,
                   QObject *context, Handler handler,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(0))
{
    return connection.sendRequest(
        call.method, write(params), context,
        [handler = std::move(handler)](const Response &response) {
            Reply<R> reply{response, std::nullopt, {}};
            if (response.isSuccess())
                reply.result = Json::parse<R>(response.result, &reply.invalid);
            handler(reply);
        },
        timeout);
}

} // namespace Acp
