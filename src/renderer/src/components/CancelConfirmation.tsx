import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';
import { ModalDialog } from './ModalDialog';

/** Esc during a run asks first: a stray Esc must not throw away a long run's remaining work. */
export function CancelConfirmation() {
  const session = useSession();
  const open = useStore(session.confirmingCancel);
  const keep = () => session.confirmingCancel.set(false);
  return (
    <ModalDialog
      open={open}
      title="Cancel the running job?"
      onClose={keep}
      testId="confirm-cancel"
      actions={
        <>
          <button type="button" onClick={keep}>
            Keep running
          </button>
          <button type="button" className="danger" onClick={() => void session.cancel()}>
            Cancel job
          </button>
        </>
      }
    >
      <p>Files already finished keep their results; the others are not run.</p>
    </ModalDialog>
  );
}
