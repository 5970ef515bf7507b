// The demo agent's scripted turn: one step after another, each waiting for what it asked the
// client (a file, a permission, a terminal) before the next one starts.

#include "demoagent.h"

namespace {

QJsonObject text(const QString &t)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), t}};
}

QJsonObject contentItem(const QString &t)
{
    return {{QStringLiteral("type"), QStringLiteral("content")},
            {QStringLiteral("content"), text(t)}};
}

QJsonObject entry(const QString &content, const QString &priority, const QString &status)
{
    return {{QStringLiteral("content"), content},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("status"), status}};
}

bool capability(const QJsonObject &caps, const char *group, const char *name)
{
    const QJsonValue value = group
        ? caps.value(QLatin1String(group)).toObject().value(QLatin1String(name))
        : caps.value(QLatin1String(name));
    return value.toBool(false);
}

QString errorText(const QJsonObject &reply)
{
    return reply.value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("message"))
        .toString();
}

} // namespace

void DemoAgent::scriptTurn(Session &session, const QString &prompt)
{
    const QString id = session.id;
    const int turn = session.turns;
    const bool canRead = capability(m_clientCapabilities, "fs", "readTextFile");
    const bool canWrite = capability(m_clientCapabilities, "fs", "writeTextFile");
    const bool canRun = capability(m_clientCapabilities, nullptr, "terminal");
    const QString readme = session.cwd + QStringLiteral("/README.md");
    const QString target = session.cwd + QStringLiteral("/switchboard-demo.txt");
    const QString readId = QStringLiteral("read-%1").arg(turn);
    const QString editId = QStringLiteral("edit-%1").arg(turn);
    const QString runId = QStringLiteral("run-%1").arg(turn);
    const bool askOnly = session.mode == QLatin1String("ask");

    const auto update = [this, id](const QJsonObject &u) { notify(m_sessions[id], u); };
    const auto plan = [update](const QString &a, const QString &b, const QString &c) {
        update({{QStringLiteral("sessionUpdate"), QStringLiteral("plan")},
                {QStringLiteral("entries"),
                 QJsonArray{
                     entry(QStringLiteral("Read the project's README"), QStringLiteral("high"), a),
                     entry(QStringLiteral("Make the change in switchboard-demo.txt"),
                           QStringLiteral("high"), b),
                     entry(QStringLiteral("Run a command to check the result"),
                           QStringLiteral("medium"), c)}}});
    };
    const auto toolUpdate = [update](const QString &callId, const QJsonObject &fields) {
        QJsonObject u = fields;
        u.insert(QStringLiteral("sessionUpdate"), QStringLiteral("tool_call_update"));
        u.insert(QStringLiteral("toolCallId"), callId);
        update(u);
    };
    QList<std::function<void()>> steps;

    if (prompt.trimmed().startsWith(QLatin1String("/help"))) {
        steps << [this, id] {
            streamText(
                m_sessions[id], QStringLiteral("agent_message_chunk"),
                QStringLiteral(
                    "I am the **demo agent**. Ask me anything: I will read your README, propose an "
                    "edit to `switchboard-demo.txt` (asking you first), run a command, and report. "
                    "Commands: `/help`, `/plan <what>`. Switch to *Ask* mode to change nothing."));
        };
        session.steps = steps;
        return;
    }

    steps << [this, id, prompt] {
        streamText(m_sessions[id], QStringLiteral("agent_thought_chunk"),
                   QStringLiteral(
                       "The user wrote \"%1\". I will read the README first, then propose a small, "
                       "visible change and check it with a command.")
                       .arg(prompt.simplified().left(120)));
    };
    steps << [this, id, plan] {
        plan(QStringLiteral("in_progress"), QStringLiteral("pending"), QStringLiteral("pending"));
        next(id);
    };
    if (prompt.trimmed().startsWith(QLatin1String("/plan"))) {
        session.steps = steps;
        return;
    }
    steps << [this, id, update, toolUpdate, canRead, readme, readId] {
        update({{QStringLiteral("sessionUpdate"), QStringLiteral("tool_call")},
                {QStringLiteral("toolCallId"), readId},
                {QStringLiteral("title"), QStringLiteral("Read README.md")},
                {QStringLiteral("kind"), QStringLiteral("read")},
                {QStringLiteral("status"), QStringLiteral("in_progress")},
                {QStringLiteral("locations"),
                 QJsonArray{
                     QJsonObject{{QStringLiteral("path"), readme}, {QStringLiteral("line"), 1}}}},
                {QStringLiteral("rawInput"),
                 QJsonObject{{QStringLiteral("path"), readme}, {QStringLiteral("limit"), 20}}}});
        if (!canRead) {
            toolUpdate(readId,
                       {{QStringLiteral("status"), QStringLiteral("completed")},
                        {QStringLiteral("content"),
                         QJsonArray{contentItem(
                             QStringLiteral("(this client does not let agents read files)"))}}});
            next(id);
            return;
        }
        request(QStringLiteral("fs/read_text_file"),
                {{QStringLiteral("sessionId"), id},
                 {QStringLiteral("path"), readme},
                 {QStringLiteral("line"), 1},
                 {QStringLiteral("limit"), 20}},
                [this, id, toolUpdate, readId](const QJsonObject &reply) {
                    const QString body = reply.contains(QStringLiteral("result"))
                        ? reply.value(QStringLiteral("result"))
                              .toObject()
                              .value(QStringLiteral("content"))
                              .toString()
                        : QStringLiteral("No README.md here: ") + errorText(reply);
                    toolUpdate(
                        readId,
                        {{QStringLiteral("status"), QStringLiteral("completed")},
                         {QStringLiteral("content"), QJsonArray{contentItem(body.left(2000))}}});
                    next(id);
                });
    };
    steps << [this, id, plan] {
        plan(QStringLiteral("completed"), QStringLiteral("in_progress"), QStringLiteral("pending"));
        next(id);
    };
    steps << [this, id, prompt, turn] {
        streamText(
            m_sessions[id], QStringLiteral("agent_message_chunk"),
            QStringLiteral(
                "## What I did\n\nYou asked: *%1*. This is the **demo agent**: it has no model, "
                "so it plays the same kind of turn every time, to show what a real agent's turn "
                "looks like.\n\n```cpp\n#include <iostream>\n\nint main()\n{\n    std::cout << "
                "\"Hello from turn %2\" << std::endl;\n    return 0;\n}\n```\n\n| Step | What | "
                "Status |\n|------|------|--------|\n| 1 | Read `README.md` | done |\n| 2 | Edit "
                "`switchboard-demo.txt` | asking you |\n| 3 | Run a command | next |\n\n")
                .arg(prompt.simplified().left(200))
                .arg(turn));
    };
    if (!askOnly) {
        steps << [this, id, update, toolUpdate, canRead, canWrite, target, editId, turn] {
            const auto propose = [this, id, update, toolUpdate, canWrite, target, editId,
                                  turn](const std::optional<QString> &old) {
                const QString newText = old.value_or(QString())
                    + QStringLiteral("Hello from the demo agent, turn %1.\n").arg(turn);
                QJsonObject diff{{QStringLiteral("type"), QStringLiteral("diff")},
                                 {QStringLiteral("path"), target},
                                 {QStringLiteral("newText"), newText}};
                if (old)
                    diff.insert(QStringLiteral("oldText"), *old);
                update({{QStringLiteral("sessionUpdate"), QStringLiteral("tool_call")},
                        {QStringLiteral("toolCallId"), editId},
                        {QStringLiteral("title"), QStringLiteral("Edit switchboard-demo.txt")},
                        {QStringLiteral("kind"), QStringLiteral("edit")},
                        {QStringLiteral("status"), QStringLiteral("pending")},
                        {QStringLiteral("content"), QJsonArray{diff}},
                        {QStringLiteral("locations"),
                         QJsonArray{QJsonObject{{QStringLiteral("path"), target}}}}});
                const QJsonArray options{
                    QJsonObject{{QStringLiteral("optionId"), QStringLiteral("allow-once")},
                                {QStringLiteral("name"), QStringLiteral("Allow")},
                                {QStringLiteral("kind"), QStringLiteral("allow_once")}},
                    QJsonObject{{QStringLiteral("optionId"), QStringLiteral("allow-always")},
                                {QStringLiteral("name"), QStringLiteral("Always allow edits")},
                                {QStringLiteral("kind"), QStringLiteral("allow_always")}},
                    QJsonObject{{QStringLiteral("optionId"), QStringLiteral("reject-once")},
                                {QStringLiteral("name"), QStringLiteral("Reject")},
                                {QStringLiteral("kind"), QStringLiteral("reject_once")}},
                    QJsonObject{{QStringLiteral("optionId"), QStringLiteral("reject-always")},
                                {QStringLiteral("name"), QStringLiteral("Always reject edits")},
                                {QStringLiteral("kind"), QStringLiteral("reject_always")}}};
                request(
                    QStringLiteral("session/request_permission"),
                    {{QStringLiteral("sessionId"), id},
                     {QStringLiteral("toolCall"),
                      QJsonObject{{QStringLiteral("toolCallId"), editId}}},
                     {QStringLiteral("options"), options}},
                    [this, id, toolUpdate, canWrite, target, editId,
                     newText](const QJsonObject &reply) {
                        const QJsonObject outcome = reply.value(QStringLiteral("result"))
                                                        .toObject()
                                                        .value(QStringLiteral("outcome"))
                                                        .toObject();
                        if (outcome.value(QStringLiteral("outcome")) != QLatin1String("selected")
                            || m_sessions[id].cancelled) {
                            m_sessions[id].cancelled = true;
                            next(id);
                            return;
                        }
                        if (!outcome.value(QStringLiteral("optionId"))
                                 .toString()
                                 .startsWith(QLatin1String("allow"))) {
                            toolUpdate(editId,
                                       {{QStringLiteral("status"), QStringLiteral("failed")},
                                        {QStringLiteral("content"),
                                         QJsonArray{contentItem(QStringLiteral(
                                             "You declined the edit; nothing was written."))}}});
                            next(id);
                            return;
                        }
                        if (!canWrite) {
                            toolUpdate(editId,
                                       {{QStringLiteral("status"), QStringLiteral("completed")}});
                            next(id);
                            return;
                        }
                        toolUpdate(editId,
                                   {{QStringLiteral("status"), QStringLiteral("in_progress")}});
                        request(QStringLiteral("fs/write_text_file"),
                                {{QStringLiteral("sessionId"), id},
                                 {QStringLiteral("path"), target},
                                 {QStringLiteral("content"), newText}},
                                [this, id, toolUpdate, editId](const QJsonObject &written) {
                                    if (written.contains(QStringLiteral("error")))
                                        toolUpdate(
                                            editId,
                                            {{QStringLiteral("status"), QStringLiteral("failed")},
                                             {QStringLiteral("content"),
                                              QJsonArray{contentItem(errorText(written))}}});
                                    else
                                        toolUpdate(editId,
                                                   {{QStringLiteral("status"),
                                                     QStringLiteral("completed")}});
                                    next(id);
                                });
                    });
            };
            if (!canRead)
                return propose(std::nullopt);
            request(QStringLiteral("fs/read_text_file"),
                    {{QStringLiteral("sessionId"), id}, {QStringLiteral("path"), target}},
                    [propose](const QJsonObject &reply) {
                        if (reply.contains(QStringLiteral("result")))
                            propose(reply.value(QStringLiteral("result"))
                                        .toObject()
                                        .value(QStringLiteral("content"))
                                        .toString());
                        else
                            propose(std::nullopt);
                    });
        };
        steps << [this, id, plan] {
            plan(QStringLiteral("completed"), QStringLiteral("completed"),
                 QStringLiteral("in_progress"));
            next(id);
        };
        steps << [this, id, update, toolUpdate, canRun, runId, cwd = session.cwd] {
            if (!canRun) {
                next(id);
                return;
            }
            const QString script = QStringLiteral(
                "for i in 1 2 3; do echo \"checking, step $i of 3\"; sleep 0.3; done; ls -la");
            request(
                QStringLiteral("terminal/create"),
                {{QStringLiteral("sessionId"), id},
                 {QStringLiteral("command"), QStringLiteral("sh")},
                 {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"), script}},
                 {QStringLiteral("cwd"), cwd},
                 {QStringLiteral("outputByteLimit"), 16384}},
                [this, id, update, toolUpdate, runId](const QJsonObject &reply) {
                    const QString terminalId = reply.value(QStringLiteral("result"))
                                                   .toObject()
                                                   .value(QStringLiteral("terminalId"))
                                                   .toString();
                    if (terminalId.isEmpty()) {
                        next(id);
                        return;
                    }
                    update({{QStringLiteral("sessionUpdate"), QStringLiteral("tool_call")},
                            {QStringLiteral("toolCallId"), runId},
                            {QStringLiteral("title"), QStringLiteral("Run: ls -la")},
                            {QStringLiteral("kind"), QStringLiteral("execute")},
                            {QStringLiteral("status"), QStringLiteral("in_progress")},
                            {QStringLiteral("content"),
                             QJsonArray{
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("terminal")},
                                             {QStringLiteral("terminalId"), terminalId}}}}});
                    const QJsonObject ids{{QStringLiteral("sessionId"), id},
                                          {QStringLiteral("terminalId"), terminalId}};
                    request(QStringLiteral("terminal/wait_for_exit"), ids,
                            [this, id, toolUpdate, runId, ids](const QJsonObject &exited) {
                                const QJsonObject status
                                    = exited.value(QStringLiteral("result")).toObject();
                                request(QStringLiteral("terminal/release"), ids,
                                        [this, id, toolUpdate, runId, status](const QJsonObject &) {
                                            toolUpdate(
                                                runId,
                                                {{QStringLiteral("status"),
                                                  status.value(QStringLiteral("exitCode")).toInt(-1)
                                                          == 0
                                                      ? QStringLiteral("completed")
                                                      : QStringLiteral("failed")},
                                                 {QStringLiteral("rawOutput"), status}});
                                            next(id);
                                        });
                            });
                });
        };
    }
    steps << [this, id, plan] {
        plan(QStringLiteral("completed"), QStringLiteral("completed"), QStringLiteral("completed"));
        next(id);
    };
    steps << [this, id] {
        streamText(
            m_sessions[id], QStringLiteral("agent_message_chunk"),
            QStringLiteral(
                "Done. Everything above came through ACP: the thought, the plan, the tool calls, "
                "the permission request and the terminal output."));
    };
    steps << [this, id, update] {
        Session &s = m_sessions[id];
        s.tokens += 1800 + 350 * s.turns;
        update({{QStringLiteral("sessionUpdate"), QStringLiteral("usage_update")},
                {QStringLiteral("used"), s.tokens},
                {QStringLiteral("size"), 200000},
                {QStringLiteral("cost"),
                 QJsonObject{{QStringLiteral("amount"), double(s.tokens) * 0.000003},
                             {QStringLiteral("currency"), QStringLiteral("USD")}}}});
        next(id);
    };
    session.steps = steps;
}
