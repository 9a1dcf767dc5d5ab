/** Entry point of every pool worker (thread or process). Filled in by the pool issue. */
export {};
