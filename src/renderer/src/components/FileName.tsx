import { splitDisplayPath } from '../format';

interface FileNameProps {
  /** A relative display path such as "orders/2024/a.xml". */
  name: string;
  /** Full path, shown as a tooltip. */
  title: string;
}

/**
 * Shows a path so that the file's own name survives truncation: the folder part shrinks
 * (with an ellipsis) first, the last segment only when nothing else is left.
 */
export function FileName({ name, title }: FileNameProps) {
  const { folder, base } = splitDisplayPath(name);
  return (
    <span className="file-name" title={title}>
      {folder && <span className="file-folder">{folder}</span>}
      <span className="file-base">{base}</span>
    </span>
  );
}
