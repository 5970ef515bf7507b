#pragma once

#include "jsonio.h"

#include <QStringList>

namespace Acp {

// Annotations on content (PROTOCOL.md 8.1).
struct Annotations
{
    std::optional<QStringList> audience; // "user" and/or "assistant"
    std::optional<QString> lastModified;
    std::optional<double> priority;
    QJsonObject meta;
};

// An embedded resource: text or base64 blob.
struct ResourceContents
{
    QString uri;
    std::optional<QString> mimeType;
    std::optional<QString> text; // exactly one of text and blob
    std::optional<QString> blob;
    QJsonObject meta;
};

// One ContentBlock, as a flat value with a type tag: the variants share most fields.
struct ContentBlock
{
    enum class Type { Text, Image, Audio, ResourceLink, Resource, Unknown };
    Type type = Type::Text;
    QString text; // Text
    QString data; // Image, Audio: base64
    QString mimeType; // Image, Audio; optional for ResourceLink
    std::optional<QString> uri; // Image (optional); ResourceLink (required)
    QString name; // ResourceLink
    std::optional<QString> title; // ResourceLink
    std::optional<QString> description; // ResourceLink
    std::optional<qint64> size; // ResourceLink, bytes
    ResourceContents resource; // Resource
    std::optional<Annotations> annotations;
    QJsonObject meta;
    QJsonObject unknown; // the whole block when Type::Unknown, kept so it can be forwarded

    static ContentBlock fromText(const QString &text);
    static ContentBlock fromResourceLink(const QString &uri, const QString &name);
};

bool read(const QJsonValue &json, Annotations &out, Json::Context &ctx);
QJsonValue write(const Annotations &value);
bool read(const QJsonValue &json, ResourceContents &out, Json::Context &ctx);
QJsonValue write(const ResourceContents &value);
bool read(const QJsonValue &json, ContentBlock &out, Json::Context &ctx);
QJsonValue write(const ContentBlock &value);
QString toString(ContentBlock::Type type);

} // namespace Acp
