#include "store/sqlitecode.h"

#include <QSqlError>

namespace SqliteCode {

int primary(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : 0;
}

bool isDamage(const QSqlError &error)
{
    const int code = primary(error);
    return code == kCorrupt || code == kNotADatabase;
}

QString words(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.isEmpty() ? QStringLiteral("unknown error") : text;
}

} // namespace SqliteCode
