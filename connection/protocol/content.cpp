#include "content.h"

#include "fields.h"

namespace Acp {

namespace {

constexpr Json::EnumTable<ContentBlock::Type, 5> ContentTypes{
    {{{ContentBlock::Type::Text, QLatin1String("text")},
      {ContentBlock::Type::Image, QLatin1String("image")},
      {ContentBlock::Type::Audio, QLatin1String("audio")},
      {ContentBlock::Type::ResourceLink, QLatin1String("resource_link")},
      {ContentBlock::Type::Resource, QLatin1String("resource")}}},
    ContentBlock::Type::Unknown};

} // namespace

QString toString(ContentBlock::Type type)
{
    return ContentTypes.name(type);
}

ContentBlock ContentBlock::fromText(const QString &text)
{
    ContentBlock block;
    block.type = Type::Text;
    block.text = text;
    return block;
}

ContentBlock ContentBlock::fromResourceLink(const QString &uri, const QString &name)
{
    ContentBlock block;
    block.type = Type::ResourceLink;
    block.uri = uri;
    block.name = name;
    return block;
}

constexpr auto annotationsFields = [](auto &f, auto &v) {
    f.optional(u"audience", v.audience);
    f.optional(u"lastModified", v.lastModified);
    f.optional(u"priority", v.priority);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, Annotations &out, Json::Context &ctx)
{
    return Json::readFields(json, out, ctx, annotationsFields);
}

QJsonValue write(const Annotations &value)
{
    return Json::writeFields(value, annotationsFields);
}

constexpr auto resourceContentsFields = [](auto &f, auto &v) {
    f.required(u"uri", v.uri);
    f.optional(u"mimeType", v.mimeType);
    f.optional(u"text", v.text);
    f.optional(u"blob", v.blob);
    f.meta(v.meta);
};

bool read(const QJsonValue &json, ResourceContents &out, Json::Context &ctx)
{
    if (!Json::readFields(json, out, ctx, resourceContentsFields))
        return false;
    if (!out.text && !out.blob) {
        ctx.fail(QStringLiteral("a resource needs text or blob"));
        return false;
    }
    return true;
}

QJsonValue write(const ResourceContents &value)
{
    return Json::writeFields(value, resourceContentsFields);
}

bool read(const QJsonValue &json, ContentBlock &out, Json::Context &ctx)
{
    Json::ObjectReader r(json, ctx);
    QString type;
    if (!r.required(u"type", type))
        return false;
    bool known = false;
    out.type = ContentTypes.value(type, &known);
    r.meta(out.meta);
    r.optional(u"annotations", out.annotations);
    switch (out.type) {
    case ContentBlock::Type::Text:
        r.required(u"text", out.text);
        break;
    case ContentBlock::Type::Image:
        r.required(u"data", out.data);
        r.required(u"mimeType", out.mimeType);
        r.optional(u"uri", out.uri);
        break;
    case ContentBlock::Type::Audio:
        r.required(u"data", out.data);
        r.required(u"mimeType", out.mimeType);
        break;
    case ContentBlock::Type::ResourceLink: {
        QString uri;
        r.required(u"uri", uri);
        out.uri = uri;
        r.required(u"name", out.name);
        r.optional(u"mimeType", out.mimeType);
        r.optional(u"title", out.title);
        r.optional(u"description", out.description);
        r.optional(u"size", out.size);
        break;
    }
    case ContentBlock::Type::Resource:
        r.required(u"resource", out.resource);
        break;
    case ContentBlock::Type::Unknown:
        out.unknown = r.object();
        break;
    }
    return r.ok();
}

QJsonValue write(const ContentBlock &value)
{
    if (value.type == ContentBlock::Type::Unknown)
        return value.unknown;
    Json::ObjectWriter w;
    w.set(u"type", ContentTypes.name(value.type));
    switch (value.type) {
    case ContentBlock::Type::Text:
        w.set(u"text", value.text);
        break;
    case ContentBlock::Type::Image:
        w.set(u"data", value.data).set(u"mimeType", value.mimeType).set(u"uri", value.uri);
        break;
    case ContentBlock::Type::Audio:
        w.set(u"data", value.data).set(u"mimeType", value.mimeType);
        break;
    case ContentBlock::Type::ResourceLink:
        w.set(u"uri", value.uri.value_or(QString()))
            .set(u"name", value.name)
            .set(u"title", value.title)
            .set(u"description", value.description)
            .set(u"size", value.size);
        if (!value.mimeType.isEmpty())
            w.set(u"mimeType", value.mimeType);
        break;
    case ContentBlock::Type::Resource:
        w.set(u"resource", value.resource);
        break;
    case ContentBlock::Type::Unknown:
        break;
    }
    return w.set(u"annotations", value.annotations).meta(value.meta);
}

} // namespace Acp
