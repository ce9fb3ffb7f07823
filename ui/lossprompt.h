#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

class AppSettings;
class QWidget;

// Asks before a command loses downloaded progress: Cancel (deletes the partial files) and Remove
// from List of unfinished downloads (keeps the files, forgets the downloads). Words the question
// with the count, the names and the bytes at stake, and offers "Don't ask again", kept in
// AppSettings (Settings turns it back on). GUI thread.
class LossPrompt final
{
public:
    enum class Kind { Cancel, Remove };
    struct Question {
        Kind kind = Kind::Cancel;
        QStringList names;  // the downloads that have something to lose
        qint64 bytes = 0;   // kept on disk among them
    };

    // True to go ahead. settings may be null (always ask, nothing remembered).
    static bool ask(QWidget *parent, AppSettings *settings, const Question &question);
    // The words, separate for tests: title, question, details, the button that goes ahead.
    struct Words {
        QString title;
        QString question;
        QString details;
        QString proceed;
        QString keep;
    };
    static Words wordsFor(const Question &question);
};
