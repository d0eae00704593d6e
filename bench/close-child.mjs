/** Asks a bench child process to close (the message "close"), and kills it if it has not exited within 5 s. */
export function closeChild(worker) {
  return new Promise((closed) => {
    const timer = setTimeout(() => worker.kill(), 5_000);
    worker.once("exit", () => {
      clearTimeout(timer);
      closed();
    });
    worker.send("close");
  });
}
