#pragma once

#include "initialize.h"
#include "methods.h"
#include "sessionmethods.h"

// Every method the client calls, with its params and result types together, so that a caller
// cannot send one type and decode another (the inbound side does the same with `parsed<P>`).
// Acp::call() in client/typedcall.h sends one and decodes the answer once.
namespace Acp {

// The params of `logout` and the result of the calls that answer nothing but success: `{}`
// (and `null`, which agents also send) with its `_meta`.
struct EmptyMessage
{
    QJsonObject meta;
};

inline bool read(const QJsonValue &json, EmptyMessage &out, Json::Context &)
{
    out.meta = json.toObject().value(QStringLiteral("_meta")).toObject();
    return true;
}

inline QJsonValue write(const EmptyMessage &value)
{
    return Json::ObjectWriter().meta(value.meta);
}

template<typename P, typename R>
struct Call
{
    using Params = P;
    using Result = R;
    const QString &method;
};

namespace Calls {
inline const Call<InitializeRequest, InitializeResponse> Initialize{Method::Initialize};
inline const Call<AuthenticateRequest, EmptyMessage> Authenticate{Method::Authenticate};
inline const Call<EmptyMessage, EmptyMessage> Logout{Method::Logout};
inline const Call<SessionSetup, SessionSetupResult> SessionNew{Method::SessionNew};
inline const Call<SessionSetup, SessionSetupResult> SessionLoad{Method::SessionLoad};
inline const Call<SessionSetup, SessionSetupResult> SessionResume{Method::SessionResume};
inline const Call<ListSessionsRequest, ListSessionsResponse> SessionList{Method::SessionList};
inline const Call<SessionIdParams, EmptyMessage> SessionClose{Method::SessionClose};
inline const Call<SessionIdParams, EmptyMessage> SessionDelete{Method::SessionDelete};
inline const Call<SetSessionModeRequest, EmptyMessage> SessionSetMode{Method::SessionSetMode};
inline const Call<SetSessionConfigOptionRequest, SetSessionConfigOptionResponse>
    SessionSetConfigOption{Method::SessionSetConfigOption};
inline const Call<PromptRequest, PromptResponse> SessionPrompt{Method::SessionPrompt};
} // namespace Calls

} // namespace Acp
