#include "base/version.h"

// GATHER_VERSION comes from CMake for this file alone, so a new version rebuilds one file.
QString Version::text()
{
    return QStringLiteral(GATHER_VERSION);
}

QByteArray Version::userAgent()
{
    return QByteArrayLiteral("Gather/" GATHER_VERSION);
}
