interface LaneHostProps {
  /** The remote worker's name (cluster backend); undefined for a local worker. */
  host: string | undefined;
}

/** Which machine a remote worker's lane belongs to, before its file. */
export function LaneHost({ host }: LaneHostProps) {
  if (host === undefined) return null;
  return (
    <span className="lane-host" title={`Remote worker ${host}`}>
      {host}
    </span>
  );
}
