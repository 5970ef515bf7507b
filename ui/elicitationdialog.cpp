#include "elicitationdialog.h"

#include "elicitationform.h"
#include "plaintext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace Ui {

ElicitationDialog::ElicitationDialog(Acp::AgentClient *client,
                                     const Acp::PendingElicitation &pending,
                                     const QString &agentName, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_pending(pending)
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("elicitationDialog"));
    setWindowTitle(tr("%1 asks").arg(agentName));
    auto *layout = new QVBoxLayout(this);
    auto *message
        = new QLabel(QStringLiteral("<b>%1</b> %2")
                         .arg(agentName.toHtmlEscaped(), pending.request.message.toHtmlEscaped()),
                     this);
    message->setObjectName(QStringLiteral("elicitationMessage"));
    message->setWordWrap(true);
    layout->addWidget(message);
    auto *buttons = new QDialogButtonBox(this);
    if (pending.request.mode == Acp::CreateElicitationRequest::Mode::Url) {
        const QUrl url(pending.request.url);
        auto *where = new QLabel(
            tr("It wants you to open this address (host <b>%1</b>):<br><code>%2</code>")
                .arg(url.host().toHtmlEscaped(), pending.request.url.toHtmlEscaped()),
            this);
        where->setObjectName(QStringLiteral("elicitationUrl"));
        where->setWordWrap(true);
        where->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(where);
        auto *open = buttons->addButton(tr("&Open in browser"), QDialogButtonBox::AcceptRole);
        open->setObjectName(QStringLiteral("elicitationAccept"));
        connect(open, &QPushButton::clicked, this, [this, url] {
            // Opened outside the agent's reach, only after the user agreed (PROTOCOL.md 6.5).
            if (answer(Acp::CreateElicitationResponse::Action::Accept).isEmpty()) {
                QDesktopServices::openUrl(url);
                QDialog::accept();
            }
        });
    } else {
        buildForm(pending.request.requestedSchema);
        auto *submit = buttons->addButton(tr("&Submit"), QDialogButtonBox::AcceptRole);
        submit->setObjectName(QStringLiteral("elicitationAccept"));
        connect(submit, &QPushButton::clicked, this, [this] {
            const QString problem = answer(Acp::CreateElicitationResponse::Action::Accept);
            if (problem.isEmpty())
                QDialog::accept();
        });
    }
    auto *decline = buttons->addButton(tr("&Decline"), QDialogButtonBox::RejectRole);
    decline->setObjectName(QStringLiteral("elicitationDecline"));
    connect(decline, &QPushButton::clicked, this, [this] {
        answer(Acp::CreateElicitationResponse::Action::Decline);
        QDialog::reject();
    });
    auto *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("elicitationCancel"));
    connect(cancel, &QPushButton::clicked, this, &ElicitationDialog::reject);
    m_problem->setObjectName(QStringLiteral("elicitationProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #cf222e"));
    m_problem->hide();
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    if (client) {
        // Withdrawn by the agent (or the connection ended): close quietly.
        connect(client, &Acp::AgentClient::elicitationResolved, this, [this](quint64 handle) {
            if (handle == m_pending.handle && isVisible()) {
                m_answered = true; // nothing left to answer
                QDialog::reject();
            }
        });
    }
}

void ElicitationDialog::buildForm(const QJsonObject &schema)
{
    auto *form = new QFormLayout;
    const QJsonObject defaults = Acp::ElicitationForm::defaults(schema);
    const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    const QJsonArray required = schema.value(QStringLiteral("required")).toArray();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString name = it.key();
        const QJsonObject p = it.value().toObject();
        const QString type = p.value(QStringLiteral("type")).toString();
        QString label = p.value(QStringLiteral("title")).toString(name);
        if (required.contains(name))
            label += QStringLiteral(" *");
        const QJsonValue fallback = defaults.value(name);
        QWidget *field = nullptr;
        std::function<QJsonValue()> value;
        const bool hasChoices
            = p.contains(QStringLiteral("enum")) || p.contains(QStringLiteral("oneOf"));
        if (type == QLatin1String("string") && hasChoices) {
            auto *box = new QComboBox(this);
            for (const QJsonValue &v : p.value(QStringLiteral("enum")).toArray())
                box->addItem(v.toString(), v.toString());
            for (const QJsonValue &v : p.value(QStringLiteral("oneOf")).toArray())
                box->addItem(v.toObject().value(QStringLiteral("title")).toString(),
                             v.toObject().value(QStringLiteral("const")).toString());
            box->setCurrentIndex(qMax(0, box->findData(fallback.toString())));
            field = box;
            value = [box] { return QJsonValue(box->currentData().toString()); };
        } else if (type == QLatin1String("string")) {
            auto *edit = new QLineEdit(fallback.toString(), this);
            field = edit;
            value = [edit] {
                return edit->text().isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                              : QJsonValue(edit->text());
            };
        } else if (type == QLatin1String("integer")) {
            auto *spin = new QSpinBox(this);
            spin->setRange(p.value(QStringLiteral("minimum")).toInt(-1000000000),
                           p.value(QStringLiteral("maximum")).toInt(1000000000));
            spin->setValue(fallback.toInt());
            field = spin;
            value = [spin] { return QJsonValue(spin->value()); };
        } else if (type == QLatin1String("number")) {
            auto *spin = new QDoubleSpinBox(this);
            spin->setDecimals(4);
            spin->setRange(p.value(QStringLiteral("minimum")).toDouble(-1e12),
                           p.value(QStringLiteral("maximum")).toDouble(1e12));
            spin->setValue(fallback.toDouble());
            field = spin;
            value = [spin] { return QJsonValue(spin->value()); };
        } else if (type == QLatin1String("boolean")) {
            auto *check = new QCheckBox(this);
            check->setChecked(fallback.toBool());
            field = check;
            value = [check] { return QJsonValue(check->isChecked()); };
        } else if (type == QLatin1String("array")) {
            auto *list = new QListWidget(this);
            const QJsonObject items = p.value(QStringLiteral("items")).toObject();
            const QJsonArray chosen = fallback.toArray();
            const auto addItem = [list, &chosen](const QString &title, const QString &id) {
                auto *item = new QListWidgetItem(title, list);
                item->setData(Qt::UserRole, id);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(chosen.contains(id) ? Qt::Checked : Qt::Unchecked);
            };
            for (const QJsonValue &v : items.value(QStringLiteral("enum")).toArray())
                addItem(v.toString(), v.toString());
            for (const QJsonValue &v : items.value(QStringLiteral("anyOf")).toArray())
                addItem(v.toObject().value(QStringLiteral("title")).toString(),
                        v.toObject().value(QStringLiteral("const")).toString());
            list->setMaximumHeight(110);
            field = list;
            value = [list] {
                QJsonArray checked;
                for (int i = 0; i < list->count(); ++i) {
                    if (list->item(i)->checkState() == Qt::Checked)
                        checked.append(list->item(i)->data(Qt::UserRole).toString());
                }
                return QJsonValue(checked);
            };
        } else {
            continue; // a property type we do not know: left out, the agent sees it unanswered
        }
        field->setObjectName(QStringLiteral("field_") + name);
        field->setAccessibleName(label);
        field->setToolTip(plainAsRichText(p.value(QStringLiteral("description")).toString()));
        auto *caption = new QLabel(withoutMnemonics(label), this);
        caption->setTextFormat(Qt::PlainText); // the agent's words
        caption->setBuddy(field);
        form->addRow(caption, field);
        m_fields.append({name, value});
    }
    static_cast<QVBoxLayout *>(layout())->addLayout(form);
}

QJsonObject ElicitationDialog::content() const
{
    QJsonObject content;
    for (const auto &[name, value] : m_fields) {
        const QJsonValue v = value();
        if (!v.isUndefined())
            content.insert(name, v);
    }
    return content;
}

QString ElicitationDialog::answer(Acp::CreateElicitationResponse::Action action)
{
    if (!m_client)
        return {};
    Acp::CreateElicitationResponse response;
    response.action = action;
    if (action == Acp::CreateElicitationResponse::Action::Accept
        && m_pending.request.mode == Acp::CreateElicitationRequest::Mode::Form)
        response.content = content();
    const QString problem = m_client->answerElicitation(m_pending.handle, response);
    m_answered = m_answered || problem.isEmpty();
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    return problem;
}

void ElicitationDialog::reject()
{
    if (!m_answered)
        answer(Acp::CreateElicitationResponse::Action::Cancel);
    QDialog::reject();
}

} // namespace Ui
