#pragma once

#include <QString>
#include <QStringView>
#include <QUrl>

// URLs as a person or a log may see them: a password in the user part becomes "***"
// ("user:***@host"), in the window, the headless report, notes and error words alike. The
// download itself, the store and an exported list keep the real URL. Stateless; any thread.
class ShownUrl final
{
public:
    static constexpr QStringView kHidden = u"***";

    // The URL in the given form with its password, if any, replaced by "***".
    static QString of(const QUrl &url, QUrl::FormattingOptions options = QUrl::PrettyDecoded);
    // Free text (a rejected list line, a message from Qt that quotes the URL) with the password
    // of every "scheme://user:password@" in it replaced by "***".
    static QString redacted(const QString &text);
};
