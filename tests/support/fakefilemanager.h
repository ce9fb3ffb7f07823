#pragma once

#include <QDBusConnection>
#include <QList>
#include <QObject>
#include <QStringList>

// A stand-in for the desktop's file manager (org.freedesktop.FileManager1) on a test's private
// bus: records what it is asked to show. Lives in the test's main thread; only the Q_SCRIPTABLE
// members are on the bus.
class FakeFileManager final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.FileManager1")
    Q_DISABLE_COPY_MOVE(FakeFileManager)

public:
    explicit FakeFileManager(const QDBusConnection &bus, QObject *parent = nullptr);
    ~FakeFileManager() override;

    [[nodiscard]] bool attach();
    void detach();

    QList<QStringList> shownItems() const { return m_shownItems; }

public Q_SLOTS:
    Q_SCRIPTABLE void ShowItems(const QStringList &uris, const QString &startupId);

private:
    QDBusConnection m_bus;
    bool m_attached = false;
    QList<QStringList> m_shownItems;
};
