// Runs before the page's first paint (a classic script in <head>, a file because the CSP
// allows no inline script): the light or dark look chosen in Settings › Appearance, which
// theme.rs keeps under this key, so that the frame index.html paints is already in it.
try {
  const chosen = localStorage.getItem("switchboard.theme");
  if (chosen === "light" || chosen === "dark") {
    document.documentElement.dataset.theme = chosen;
  }
} catch (_) {
  // No local storage: the system's look, as theme.rs does.
}
