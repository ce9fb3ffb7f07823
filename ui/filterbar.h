#pragma once

#include <QTimer>
#include <QWidget>

class DownloadListModel;
class QAction;
class QComboBox;
class QLineEdit;

// The row filter above the table: a search field (name or URL) and a state choice, applied to
// the model, which filters itself. Typing is debounced so 100,000 rows are filtered once per
// pause, not per key. GUI thread.
class FilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)

public:
    static constexpr int kDebounceMs = 150;

    explicit FilterBar(DownloadListModel *model, QWidget *parent = nullptr);

    QLineEdit *textField() const { return m_text; }
    QComboBox *stateBox() const { return m_state; }
    // Ctrl+F: puts the cursor in the search field.
    QAction *focusAction() const { return m_focusAction; }

private:
    void applyText();
    void applyState();

    DownloadListModel *m_model = nullptr;
    QLineEdit *m_text = nullptr;
    QComboBox *m_state = nullptr;
    QAction *m_focusAction = nullptr;
    QTimer m_debounce;
};
