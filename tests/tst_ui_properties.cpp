// The Properties dialog as a person uses it: its fields filled from the selected downloads (a
// value that differs between them shown as mixed and left alone), a bad checksum or header line
// refused by number before OK closes it, a change a download's state refuses said in a sentence,
// and the action that opens it (Alt+Enter, the context menu) over the selection.
#include "downloadactions.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "folderfield.h"
#include "list/downloadlistmodel.h"
#include "propertiesdialog.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QImage>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

DownloadId addPaused(EngineFixture &engine, const QUrl &url)
{
    const DownloadId id = engine.add(url);
    engine.manager().pause(id);
    return id;
}

// Picks the item holding data with the keyboard, as a person would (activated() follows).
void choose(QComboBox *box, int data)
{
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < box->count() && box->currentData().toInt() != data; ++i)
        QTest::keyClick(box, Qt::Key_Down);
}

void pressOk(PropertiesDialog &dialog)
{
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

} // namespace

class TestUiProperties final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void fieldsShowOneDownload();
    void mixedValuesAreLeftAloneUnlessEdited();
    void badInputIsRefusedBeforeOkCloses();
    void stateRefusalsAreSaid();
    void actionOpensItForTheSelection();

private:
    FaultServer m_server;
};

void TestUiProperties::fieldsShowOneDownload()
{
    EngineFixture engine;
    const DownloadId id = addPaused(engine, m_server.url(u"/ui/one.iso"_s));
    PropertyChanges set;
    set.fileName = u"chosen.iso"_s;
    set.split = std::optional<int>(2);
    set.maxBytesPerSecond = std::optional<qint64>(512 * 1024);
    set.checksum = std::optional<ChecksumSpec>(ChecksumSpec::parse(u"md5=d41d8cd98f00b204e9800998ecf8427e"_s).value());
    set.headers = QList<QPair<QByteArray, QByteArray>>{{"X-Token", "abc"}, {"Referer", "https://example.org/"}};
    QCOMPARE(engine.manager().setProperties({id}, set), QStringList());

    PropertiesDialog dialog(&engine.manager(), {id});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), u"Properties"_s);
    QVERIFY(dialog.nameEdit()->isEnabled());
    QCOMPARE(dialog.nameEdit()->text(), u"chosen.iso"_s);
    QCOMPARE(dialog.folderField()->folder(), engine.folder());
    QCOMPARE(dialog.splitBox()->currentData().toInt(), 2);
    QCOMPARE(dialog.limitBox()->currentData().toInt(), PropertiesDialog::kLimited);
    QVERIFY(dialog.limitSpin()->isEnabled());
    QCOMPARE(dialog.limitSpin()->value(), 512);
    QCOMPARE(dialog.checksumEdit()->text(), u"md5=d41d8cd98f00b204e9800998ecf8427e"_s);
    QCOMPARE(dialog.headersEdit()->toPlainText(), u"X-Token: abc\nReferer: https://example.org/"_s);
    QVERIFY(dialog.splitBox()->findText(u"Mixed"_s) < 0);
    QVERIFY(!dialog.messageLabel()->isVisible());
    // Nothing edited: OK changes nothing and closes.
    pressOk(dialog);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(engine.download(id).entry().split, std::optional<int>(2));

    // The settings' values where it has none of its own.
    const DownloadId plain = addPaused(engine, m_server.url(u"/ui/plain.iso"_s));
    PropertiesDialog defaults(&engine.manager(), {plain});
    QCOMPARE(defaults.splitBox()->currentData().toInt(), PropertiesDialog::kDefault);
    QCOMPARE(defaults.splitBox()->currentText(), u"Default (%1, from Settings)"_s.arg(engine.manager().settings().split));
    QCOMPARE(defaults.limitBox()->currentData().toInt(), PropertiesDialog::kDefault);
    QVERIFY(!defaults.limitSpin()->isEnabled());
    QCOMPARE(defaults.nameEdit()->text(), QString());
    QCOMPARE(defaults.checksumEdit()->text(), QString());
}

void TestUiProperties::mixedValuesAreLeftAloneUnlessEdited()
{
    EngineFixture engine;
    const DownloadId a = addPaused(engine, m_server.url(u"/ui/a.bin"_s));
    const DownloadId b = addPaused(engine, m_server.url(u"/ui/b.bin"_s));
    PropertyChanges first;
    first.split = std::optional<int>(3);
    first.headers = QList<QPair<QByteArray, QByteArray>>{{"X-A", "1"}};
    engine.manager().setProperties({a}, first);
    PropertyChanges both;
    both.maxBytesPerSecond = std::optional<qint64>(kMiB);
    engine.manager().setProperties({a, b}, both);

    PropertiesDialog dialog(&engine.manager(), {a, b});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), u"Properties of 2 Downloads"_s);
    QVERIFY(!dialog.nameEdit()->isEnabled());
    QCOMPARE(dialog.splitBox()->currentText(), u"Mixed"_s);
    QCOMPARE(dialog.headersEdit()->toPlainText(), QString());
    QVERIFY(dialog.headersEdit()->placeholderText().startsWith(u"Mixed"_s));
    QCOMPARE(dialog.limitBox()->currentData().toInt(), PropertiesDialog::kLimited);  // the same for both
    QCOMPARE(dialog.limitSpin()->value(), 1024);
    QCOMPARE(dialog.folderField()->folder(), engine.folder());

    // The one field edited applies to both; the mixed ones stay as each had them.
    choose(dialog.limitBox(), PropertiesDialog::kUnlimited);
    QCOMPARE(dialog.limitBox()->currentData().toInt(), PropertiesDialog::kUnlimited);
    QVERIFY(!dialog.limitSpin()->isEnabled());
    pressOk(dialog);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(engine.download(a).entry().maxBytesPerSecond, std::optional<qint64>(0));
    QCOMPARE(engine.download(b).entry().maxBytesPerSecond, std::optional<qint64>(0));
    QCOMPARE(engine.download(a).entry().split, std::optional<int>(3));
    QCOMPARE(engine.download(b).entry().split, std::optional<int>());
    QCOMPARE(engine.download(a).entry().headers, first.headers.value());
    QVERIFY(engine.download(b).entry().headers.isEmpty());

    // Typing into a mixed field sets it for all.
    PropertiesDialog again(&engine.manager(), {a, b});
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QTest::keyClicks(again.headersEdit(), u"X-Both: yes"_s);
    choose(again.splitBox(), 1);
    pressOk(again);
    QVERIFY(!again.isVisible());
    for (const DownloadId id : {a, b}) {
        QCOMPARE(engine.download(id).entry().headers, (QList<QPair<QByteArray, QByteArray>>{{"X-Both", "yes"}}));
        QCOMPARE(engine.download(id).entry().split, std::optional<int>(1));
    }
}

void TestUiProperties::badInputIsRefusedBeforeOkCloses()
{
    EngineFixture engine;
    const DownloadId id = addPaused(engine, m_server.url(u"/ui/bad.bin"_s));
    PropertiesDialog dialog(&engine.manager(), {id});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.checksumEdit(), u"sha-256=abc"_s);
    QTest::keyClicks(dialog.headersEdit(), u"X-Good: 1"_s);
    QTest::keyClick(dialog.headersEdit(), Qt::Key_Return);
    QTest::keyClicks(dialog.headersEdit(), u"no colon here"_s);
    QTest::keyClick(dialog.headersEdit(), Qt::Key_Return);
    QTest::keyClicks(dialog.headersEdit(), u"Range: bytes=0-"_s);
    pressOk(dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.messageLabel()->isVisible());
    QCOMPARE(dialog.messageLabel()->text(),
             u"Checksum: sha-256 checksum needs 64 hex digits, got 3.\n"
             "Headers, line 2: header must look like 'Name: value'.\n"
             "Headers, line 3: header 'Range' is set by Gather and cannot be overridden."_s);
    // Nothing applied while anything is refused.
    QVERIFY(!engine.download(id).entry().checksum);
    QVERIFY(engine.download(id).entry().headers.isEmpty());
    const QImage shot = dialog.grab().toImage();
    QVERIFY(!shot.isNull() && shot.height() > dialog.messageLabel()->height());

    // Fixed, it applies and closes.
    dialog.checksumEdit()->selectAll();
    QTest::keyClicks(dialog.checksumEdit(), u"md5=d41d8cd98f00b204e9800998ecf8427e"_s);
    dialog.headersEdit()->selectAll();
    QTest::keyClicks(dialog.headersEdit(), u"X-Good: 1"_s);
    pressOk(dialog);
    QVERIFY(!dialog.isVisible());
    QVERIFY(engine.download(id).entry().checksum.has_value());
    QCOMPARE(engine.download(id).entry().headers, (QList<QPair<QByteArray, QByteArray>>{{"X-Good", "1"}}));
}

void TestUiProperties::stateRefusalsAreSaid()
{
    m_server.setResponse(u"/ui/done.bin"_s, FaultResponse::generated(32 * 1024, 3));
    EngineFixture engine;
    const DownloadId done = engine.add(m_server.url(u"/ui/done.bin"_s));
    QVERIFY(engine.waitFinal(done));
    QCOMPARE(engine.download(done).state(), DownloadState::Completed);

    PropertiesDialog dialog(&engine.manager(), {done});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.nameEdit()->toolTip(), u"A completed file keeps its name"_s);
    dialog.nameEdit()->selectAll();
    QTest::keyClicks(dialog.nameEdit(), u"renamed.bin"_s);
    pressOk(dialog);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.messageLabel()->text(),
             u"Everything else was applied, but not this:\ndone.bin: It is complete: a finished file keeps its name."_s);
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Close));
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok));
    QVERIFY(!dialog.nameEdit()->isEnabled());
    QCOMPARE(engine.files(), QStringList{u"done.bin"_s});
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::Close), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
}

void TestUiProperties::actionOpensItForTheSelection()
{
    EngineFixture engine;
    const DownloadId a = addPaused(engine, m_server.url(u"/ui/sel-a.bin"_s));
    const DownloadId b = addPaused(engine, m_server.url(u"/ui/sel-b.bin"_s));
    QWidget parent;
    DownloadListModel model(&engine.manager());
    QItemSelectionModel selection(&model);
    DownloadActions actions(&engine.manager(), &model, &selection, &parent);
    QAction *properties = actions.action(DownloadActions::Id::Properties);
    QVERIFY(properties->shortcuts().contains(QKeySequence(Qt::ALT | Qt::Key_Return)));
    QVERIFY(actions.selectionActions().contains(properties));
    actions.updateEnabled();
    QVERIFY(!properties->isEnabled());

    QTRY_COMPARE(model.rowCount(), 2);
    for (const DownloadId id : {a, b})
        selection.select(model.index(model.rowOf(id), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    actions.updateEnabled();
    QVERIFY(properties->isEnabled());
    parent.show();
    properties->trigger();
    auto *dialog = parent.findChild<PropertiesDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->windowTitle(), u"Properties of 2 Downloads"_s);
    dialog->reject();
}

QTEST_MAIN(TestUiProperties)
#include "tst_ui_properties.moc"
