#pragma once

#include "rpctypes.h"
#include "sessionupdate.h"

// session/update notifications decoded on the connection's worker thread, as soon as they are
// parsed (ConnectionOptions::decoder), so that the GUI thread only applies them.
namespace Acp::UpdateDecoder {

// `options` with the decoder set.
ConnectionOptions decodingUpdates(ConnectionOptions options);

// The update a session/update notification carries, decoded, read in place; null when it is
// not a valid one (then `error` says why).
const SessionNotification *decoded(const Notification &notification, QString *error);

} // namespace Acp::UpdateDecoder
