#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QPair>
#include <QString>
#include <QStringView>

// A request header a person gave ("Name: value", from --header or an aria2 header= line),
// checked once for every source: the name is an HTTP token, the value has no control
// characters, and it is not one of the headers the engine owns. Stateless; any thread.
class HeaderLine final
{
public:
    using Header = QPair<QByteArray, QByteArray>;

    // The header, or why the line is not one, in words.
    static Result<Header> parse(QStringView line);
    // Headers the engine sets itself: a user's value would break range arithmetic or framing.
    static bool isEngineHeader(QByteArrayView name);
};
