import { useSession } from '../state/session-context';
import { isMac, shortcutList } from '../state/use-shortcuts';
import { useStore } from '../state/use-store';
import { ModalDialog } from './ModalDialog';

/** `?` opens it: every keyboard shortcut, in a table. */
export function ShortcutsOverlay() {
  const session = useSession();
  const open = useStore(session.shortcutsOpen);
  const close = () => session.shortcutsOpen.set(false);
  return (
    <ModalDialog
      open={open}
      title="Keyboard shortcuts"
      onClose={close}
      testId="shortcuts"
      actions={
        <button type="button" onClick={close}>
          Close
        </button>
      }
    >
      <table className="shortcuts-table">
        <tbody>
          {shortcutList(isMac()).map((shortcut) => (
            <tr key={shortcut.keys}>
              <th scope="row">
                <kbd>{shortcut.keys}</kbd>
              </th>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ModalDialog>
  );
}
