// Layout work for Takt's UI (the card, a textarea's mirror, the length note) follows scrolling and
// resizing. Those events come many times per frame; laying out once per frame is enough.

/** Returns a function that runs `run` in the next animation frame, at most once per frame. */
export function oncePerFrame(run) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      run();
    });
  };
}
