#include "icons.h"

namespace {

struct IconNames {
    const char16_t *theme;
    const char16_t *bundled;
};

IconNames namesOf(Icons::Id id)
{
    switch (id) {
    case Icons::Id::App: return {u"io.github.gather", u"gather"};
    case Icons::Id::Add: return {u"list-add", u"add"};
    case Icons::Id::Import: return {u"document-import", u"import"};
    case Icons::Id::Export: return {u"document-export", u"export"};
    case Icons::Id::Paste: return {u"edit-paste", u"paste"};
    case Icons::Id::Start: return {u"media-skip-forward", u"start"};
    case Icons::Id::Pause: return {u"media-playback-pause", u"pause"};
    case Icons::Id::Resume: return {u"media-playback-start", u"resume"};
    case Icons::Id::Cancel: return {u"process-stop", u"cancel"};
    case Icons::Id::Retry: return {u"view-refresh", u"retry"};
    case Icons::Id::Remove: return {u"list-remove", u"remove"};
    case Icons::Id::Delete: return {u"edit-delete", u"delete"};
    case Icons::Id::RemoveCompleted: return {u"edit-clear-list", u"remove-completed"};
    case Icons::Id::ClearHistory: return {u"edit-clear-history", u"clear-history"};
    case Icons::Id::OpenFile: return {u"document-open", u"open-file"};
    case Icons::Id::OpenFolder: return {u"folder-open", u"open-folder"};
    case Icons::Id::Copy: return {u"edit-copy", u"copy"};
    case Icons::Id::SelectAll: return {u"edit-select-all", u"select-all"};
    case Icons::Id::Settings: return {u"preferences-system", u"settings"};
    case Icons::Id::Quit: return {u"application-exit", u"quit"};
    case Icons::Id::About: return {u"help-about", u"about"};
    }
    return {u"", u"gather"};
}

} // namespace

QString Icons::bundledPath(Id id)
{
    return u":/icons/" % QString::fromUtf16(namesOf(id).bundled) % u".svg";
}

QIcon Icons::icon(Id id)
{
    return QIcon::fromTheme(QString::fromUtf16(namesOf(id).theme), QIcon(bundledPath(id)));
}
