#include "updatedecoder.h"

#include "methods.h"

namespace Acp::UpdateDecoder {
namespace {

struct DecodedUpdate
{
    std::optional<SessionNotification> notification;
    QString error; // why it is not a valid session/update
};

} // namespace
} // namespace Acp::UpdateDecoder

Q_DECLARE_METATYPE(Acp::UpdateDecoder::DecodedUpdate)

namespace Acp::UpdateDecoder {

ConnectionOptions decodingUpdates(ConnectionOptions options)
{
    // Pure and thread-safe: Json::parse keeps all of its state on the stack.
    options.decoder = [](const QString &method, const QJsonValue &params) {
        if (method != Method::SessionUpdate)
            return QVariant();
        DecodedUpdate decoded;
        decoded.notification = Json::parse<SessionNotification>(params, &decoded.error);
        return QVariant::fromValue(std::move(decoded));
    };
    return options;
}

const SessionNotification *decoded(const Notification &notification, QString *error)
{
    const QVariant &value = notification.decoded;
    if (value.metaType() != QMetaType::fromType<DecodedUpdate>()) {
        *error = QStringLiteral("not decoded");
        return nullptr;
    }
    const auto *update = static_cast<const DecodedUpdate *>(value.constData());
    if (!update->notification) {
        *error = update->error;
        return nullptr;
    }
    return &*update->notification;
}

} // namespace Acp::UpdateDecoder
