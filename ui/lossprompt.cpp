#include "lossprompt.h"

#include "appsettings.h"
#include "base/humanformat.h"
#include "base/safetext.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace {

constexpr qsizetype kNamesShown = 8;
constexpr qsizetype kNameLimit = 80;

QString tr(const char *text)
{
    return QCoreApplication::translate("LossPrompt", text);
}

} // namespace

LossPrompt::Words LossPrompt::wordsFor(const Question &question)
{
    const int count = int(question.names.size());
    QStringList shown;
    for (const QString &name : question.names.mid(0, kNamesShown))
        shown.append(SafeText::display(name, kNameLimit));
    if (count > shown.size())
        shown.append(tr("\u2026and %1 more").arg(count - shown.size()));
    const QString list = shown.join(QLatin1Char('\n'));
    const QString size = HumanFormat::bytes(question.bytes);
    Words words;
    if (question.kind == Kind::Cancel) {
        words.title = count == 1 ? tr("Cancel Download") : tr("Cancel Downloads");
        words.question = count == 1 ? tr("Cancel this download and delete what it has downloaded (%1)?").arg(size)
                                    : tr("Cancel %1 downloads and delete what they have downloaded (%2)?").arg(count).arg(size);
        words.details = (count == 1 ? tr("Its partial file is deleted; Pause keeps it instead.\n\n")
                                    : tr("Their partial files are deleted; Pause keeps them instead.\n\n"))
                        + list;
        words.proceed = count == 1 ? tr("Cancel Download") : tr("Cancel %1 Downloads").arg(count);
        words.keep = tr("Keep");
    } else {
        words.title = count == 1 ? tr("Remove Download") : tr("Remove Downloads");
        words.question = count == 1 ? tr("Remove this unfinished download from the list?")
                                    : tr("Remove %1 unfinished downloads from the list?").arg(count);
        words.details = (count == 1 ? tr("Its partial file (%1) stays on disk as NAME.part, but Gather forgets "
                                         "the download and will not resume it.\n\n")
                                    : tr("Their partial files (%1) stay on disk as NAME.part, but Gather forgets "
                                         "them and will not resume them.\n\n")).arg(size)
                        + list;
        words.proceed = count == 1 ? tr("Remove") : tr("Remove %1").arg(count);
        words.keep = tr("Keep in List");
    }
    return words;
}

bool LossPrompt::ask(QWidget *parent, AppSettings *settings, const Question &question)
{
    if (question.names.isEmpty())
        return true;
    if (settings && !settings->values().askBeforeLosingProgress)
        return true;
    const Words words = wordsFor(question);
    QMessageBox box(QMessageBox::Warning, words.title, words.question, QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("lossPrompt"));
    box.setInformativeText(words.details);
    QPushButton *proceed = box.addButton(words.proceed, QMessageBox::DestructiveRole);
    QPushButton *keep = box.addButton(words.keep, QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    auto *never = new QCheckBox(tr("Don't ask again"), &box);
    never->setObjectName(QStringLiteral("dontAskAgain"));
    box.setCheckBox(never);
    box.exec();
    const bool yes = box.clickedButton() == proceed;
    if (yes && never->isChecked() && settings) {
        AppSettings::Values values = settings->values();
        values.askBeforeLosingProgress = false;
        settings->setValues(values);
    }
    return yes;
}
