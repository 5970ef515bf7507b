#pragma once

// The structure-aware half of the transcript and rendering targets (libFuzzer builds only):
// a custom mutator that treats the input as JSON lines of session updates and changes their
// structure (a field set to another kind's value, a key dropped or added, a line duplicated,
// dropped, swapped, or taken from a pool of valid updates, a string's bytes mutated), so that
// the fuzzer explores valid-looking update sequences, not only broken JSON. Inputs that are not
// JSON lines fall back to libFuzzer's byte mutations.

#ifdef SWITCHBOARD_LIBFUZZER

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace FuzzMutator {

using Path = std::vector<QJsonValue>; // keys (strings) and indexes (numbers)

inline const QList<QJsonValue> &values()
{
    static const QList<QJsonValue> pool{"agent_message_chunk",
                                        "user_message_chunk",
                                        "agent_thought_chunk",
                                        "tool_call",
                                        "tool_call_update",
                                        "plan",
                                        "available_commands_update",
                                        "current_mode_update",
                                        "config_option_update",
                                        "session_info_update",
                                        "usage_update",
                                        "text",
                                        "image",
                                        "audio",
                                        "resource",
                                        "resource_link",
                                        "diff",
                                        "terminal",
                                        "content",
                                        "pending",
                                        "in_progress",
                                        "completed",
                                        "failed",
                                        "edit",
                                        "read",
                                        "execute",
                                        "other",
                                        "high",
                                        "low",
                                        "m1",
                                        "m2",
                                        "c1",
                                        "c2",
                                        "",
                                        "../../etc/passwd",
                                        "file:///etc/passwd",
                                        "```\ncode\n",
                                        "# T\n\n- a\n",
                                        "a\u0000b",
                                        QString(3000, QLatin1Char('x')),
                                        0,
                                        -1,
                                        1e308,
                                        9007199254740993.0,
                                        true,
                                        QJsonValue(),
                                        QJsonObject{},
                                        QJsonArray{},
                                        QJsonArray{QJsonObject{{"type", "text"}}}};
    return pool;
}

inline const QStringList &keys()
{
    static const QStringList pool{"sessionUpdate", "content",
                                  "type",          "text",
                                  "messageId",     "toolCallId",
                                  "status",        "kind",
                                  "title",         "entries",
                                  "rawInput",      "rawOutput",
                                  "locations",     "path",
                                  "oldText",       "newText",
                                  "terminalId",    "uri",
                                  "mimeType",      "data",
                                  "_meta",         "availableCommands",
                                  "currentModeId", "configOptions",
                                  "used",          "size",
                                  "cost",          "updatedAt",
                                  "priority",      "annotations",
                                  "name",          "line",
                                  "resource"};
    return pool;
}

inline const QList<QJsonObject> &validUpdates()
{
    static const QList<QJsonObject> pool = [] {
        const auto text = [](const char *t) { return QJsonObject{{"type", "text"}, {"text", t}}; };
        return QList<QJsonObject>{
            {{"sessionUpdate", "agent_message_chunk"},
             {"messageId", "m1"},
             {"content", text("Hello **world** with `code`\n\n```cpp\nint x;\n```\n")}},
            {{"sessionUpdate", "user_message_chunk"}, {"content", text("Fix the bug")}},
            {{"sessionUpdate", "agent_thought_chunk"}, {"content", text("Thinking.")}},
            {{"sessionUpdate", "tool_call"},
             {"toolCallId", "c1"},
             {"title", "Edit"},
             {"kind", "edit"},
             {"status", "pending"},
             {"content",
              QJsonArray{QJsonObject{{"type", "diff"},
                                     {"path", "/w/a.cpp"},
                                     {"oldText", "a\nb\nc\n"},
                                     {"newText", "a\nB\nc\nd\n"}}}}},
            {{"sessionUpdate", "tool_call_update"},
             {"toolCallId", "c1"},
             {"status", "completed"},
             {"content", QJsonArray{QJsonObject{{"type", "content"}, {"content", text("done")}}}}},
            {{"sessionUpdate", "tool_call"},
             {"toolCallId", "c2"},
             {"title", "Run"},
             {"kind", "execute"},
             {"content", QJsonArray{QJsonObject{{"type", "terminal"}, {"terminalId", "t1"}}}}},
            {{"sessionUpdate", "plan"},
             {"entries",
              QJsonArray{
                  QJsonObject{{"content", "Step"}, {"priority", "high"}, {"status", "pending"}}}}},
            {{"sessionUpdate", "agent_message_chunk"},
             {"content",
              QJsonObject{
                  {"type", "resource_link"}, {"uri", "file:///w/a.cpp"}, {"name", "a.cpp"}}}},
            {{"sessionUpdate", "agent_message_chunk"},
             {"content",
              QJsonObject{{"type", "image"}, {"mimeType", "image/png"}, {"data", "iVBORw0KGgo="}}}},
            {{"sessionUpdate", "current_mode_update"}, {"currentModeId", "code"}},
            {{"sessionUpdate", "session_info_update"}, {"title", "A title"}},
            {{"sessionUpdate", "usage_update"}, {"used", 10}, {"size", 100}},
            {{"sessionUpdate", "available_commands_update"},
             {"availableCommands",
              QJsonArray{QJsonObject{{"name", "test"}, {"description", "Run tests"}}}}}};
    }();
    return pool;
}

inline void collect(const QJsonValue &value, Path &path, std::vector<Path> &out)
{
    out.push_back(path);
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            path.push_back(it.key());
            collect(it.value(), path, out);
            path.pop_back();
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            path.push_back(double(i));
            collect(a.at(i), path, out);
            path.pop_back();
        }
    }
}

inline QJsonValue at(const QJsonValue &root, const Path &path, size_t depth = 0)
{
    if (depth == path.size())
        return root;
    const QJsonValue &step = path[depth];
    return at(step.isString() ? root.toObject().value(step.toString())
                              : root.toArray().at(qsizetype(step.toDouble())),
              path, depth + 1);
}

// Returns `root` with the value at `path` replaced (or, for an undefined value, removed).
inline QJsonValue with(const QJsonValue &root, const Path &path, const QJsonValue &value,
                       size_t depth = 0)
{
    if (depth == path.size())
        return value;
    const QJsonValue &step = path[depth];
    if (step.isString()) {
        QJsonObject o = root.toObject();
        const QJsonValue inner = with(o.value(step.toString()), path, value, depth + 1);
        if (inner.isUndefined())
            o.remove(step.toString());
        else
            o.insert(step.toString(), inner);
        return o;
    }
    QJsonArray a = root.toArray();
    const qsizetype i = qsizetype(step.toDouble());
    const QJsonValue inner = with(a.at(i), path, value, depth + 1);
    if (inner.isUndefined())
        a.removeAt(i);
    else
        a.replace(i, inner);
    return a;
}

inline size_t mutate(uint8_t *data, size_t size, size_t maxSize, unsigned seed)
{
    std::minstd_rand rng(seed);
    const auto pick = [&rng](size_t n) { return n == 0 ? 0 : size_t(rng() % n); };
    QList<QJsonObject> lines;
    for (const QByteArray &line :
         QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size))
             .split('\n')) {
        const QJsonDocument d = QJsonDocument::fromJson(line);
        if (d.isObject())
            lines.append(d.object());
    }
    if (lines.isEmpty() || pick(10) == 0)
        return LLVMFuzzerMutate(data, size, maxSize);
    const qsizetype target = qsizetype(pick(size_t(lines.size())));
    std::vector<Path> paths;
    Path path;
    collect(lines[target], path, paths);
    const Path &chosen = paths[pick(paths.size())];
    const QJsonValue current = at(lines[target], chosen);
    switch (pick(8)) {
    case 0: // another value, of any kind
        lines[target]
            = with(lines[target], chosen, values()[qsizetype(pick(values().size()))]).toObject();
        break;
    case 1: // a field dropped
        if (!chosen.empty())
            lines[target]
                = with(lines[target], chosen, QJsonValue(QJsonValue::Undefined)).toObject();
        break;
    case 2: // a field added
        if (current.isObject()) {
            QJsonObject o = current.toObject();
            o.insert(keys()[qsizetype(pick(keys().size()))],
                     values()[qsizetype(pick(values().size()))]);
            lines[target] = with(lines[target], chosen, o).toObject();
        }
        break;
    case 3: // a line repeated
        lines.insert(qsizetype(pick(size_t(lines.size()) + 1)), lines[target]);
        break;
    case 4: // a line dropped
        if (lines.size() > 1)
            lines.removeAt(target);
        break;
    case 5: // two lines swapped
        lines.swapItemsAt(target, qsizetype(pick(size_t(lines.size()))));
        break;
    case 6: // a valid update from the pool
        lines.insert(qsizetype(pick(size_t(lines.size()) + 1)),
                     validUpdates()[qsizetype(pick(validUpdates().size()))]);
        break;
    default: // a string's bytes mutated
        if (current.isString()) {
            QByteArray bytes = current.toString().toUtf8();
            const qsizetype used = bytes.size();
            bytes.resize(used + 16);
            const size_t n = LLVMFuzzerMutate(reinterpret_cast<uint8_t *>(bytes.data()),
                                              size_t(used), size_t(bytes.size()));
            bytes.truncate(qsizetype(n));
            lines[target] = with(lines[target], chosen, QString::fromUtf8(bytes)).toObject();
        }
        break;
    }
    QByteArray out;
    for (const QJsonObject &o : std::as_const(lines))
        out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    if (size_t(out.size()) > maxSize)
        return LLVMFuzzerMutate(data, size, maxSize);
    std::memcpy(data, out.constData(), size_t(out.size()));
    return size_t(out.size());
}

} // namespace FuzzMutator

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed)
{
    return FuzzMutator::mutate(data, size, maxSize, seed);
}

#endif // SWITCHBOARD_LIBFUZZER
