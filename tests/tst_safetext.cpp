#include "base/safetext.h"

#include <QObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSafeText final : public QObject
{
    Q_OBJECT

private slots:
    void displayTextReplacesHiddenCharacters();
    void displayTextKeepsSurrogatePairsWhole();
    void hiddenCharacters_data();
    void hiddenCharacters();
};

void TestSafeText::displayTextReplacesHiddenCharacters()
{
    const QChar loneSurrogate(0xD800);
    const QString hostile = u"  hello \u202Eworld\u0007\u200B\u2066x\u2028"_s + loneSurrogate + u"y\tz "_s + QString(300, u'z') + u"  "_s;
    const QString text = SafeText::display(hostile);
    QVERIFY(text.startsWith(u"hello \uFFFDworld\uFFFD\uFFFD\uFFFDx\uFFFD\uFFFDy z zzz"_s));
    QVERIFY(text.endsWith(u"…"_s));
    QCOMPARE(text.size(), 201);
    for (const QChar c : text) {
        QVERIFY(c.category() != QChar::Other_Control);
        QVERIFY(c.category() != QChar::Other_Format);
        QVERIFY(!c.isSurrogate());
    }
    QCOMPARE(SafeText::display(u"short"_s), u"short"_s);
}

void TestSafeText::displayTextKeepsSurrogatePairsWhole()
{
    const QString emoji = u"😀"_s;
    const QString text = SafeText::display(QString(QString(9, u'a') + emoji + u"bcd"_s), 10);
    QCOMPARE(text, QString(9, u'a') + emoji + u"…"_s);
    QCOMPARE(SafeText::display(u"a\U000E0041b"_s), u"a\uFFFDb"_s);  // a TAG character: invisible
}

void TestSafeText::hiddenCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hidden");
    QTest::newRow("plain") << u"report (final).pdf"_s << false;
    QTest::newRow("accents and CJK") << u"Müller 日本.txt"_s << false;
    QTest::newRow("right-to-left override") << u"invoice\u202Efdp.exe"_s << true;
    QTest::newRow("zero-width space") << u"a\u200Bb"_s << true;
    QTest::newRow("bell") << u"a\u0007b"_s << true;
    QTest::newRow("line separator") << u"a\u2028b"_s << true;
    QTest::newRow("lone surrogate") << QString(u"a"_s + QChar(0xDC00)) << true;
    QTest::newRow("non-character") << u"a\uFFFFb"_s << true;
}

void TestSafeText::hiddenCharacters()
{
    QFETCH(QString, text);
    QFETCH(bool, hidden);
    QCOMPARE(SafeText::hasHiddenCharacter(text), hidden);
    QCOMPARE(SafeText::display(text).contains(QChar(0xFFFD)), hidden);
}

QTEST_GUILESS_MAIN(TestSafeText)
#include "tst_safetext.moc"
