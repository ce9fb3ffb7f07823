#pragma once

// One fuzz target: LLVMFuzzerTestOneInput feeds outside data to a parser. Built with libFuzzer
// under clang (scripts/fuzz), and as a corpus replay under any compiler (CTest), where
// replaymain.cpp calls it once per file of the seed corpus.
#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

inline QByteArray fuzzBytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}
