#pragma once

#include "base/result.h"

#include <QString>

#include <functional>

// Told on a pool thread what deleting a download's file did: the path, and whether it is gone
// (or why not). Runs only when there was a file to delete.
using RemoveDone = std::function<void(const QString &path, const Result<void> &result)>;
