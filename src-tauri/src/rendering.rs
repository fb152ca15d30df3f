//! How the webview draws on Linux.
//!
//! WebKitGTK composites the page with OpenGL. On a machine without a GPU — a virtual machine,
//! a remote desktop, a CI runner under Xvfb — that OpenGL is Mesa's software rasterizer
//! (llvmpipe), and compositing costs far more than it saves: measured on such a machine
//! (BENCHMARKS.md, issue 18, session 11), one drop in the Routing grid kept llvmpipe's threads
//! busy for about 470 ms of CPU and a one-line text change for about 190 ms, against 7 ms and
//! under 1 ms when WebKit paints without compositing; on two cores that is what held back the
//! frame that shows the drop. So where there is no GPU to draw with, the app asks WebKit not to
//! composite (what `WEBKIT_DISABLE_COMPOSITING_MODE=1` does by hand). With a GPU, WebKit's own
//! choice stands; Windows and macOS draw with their system webviews and are not touched.

#[cfg(any(target_os = "linux", test))]
use std::path::Path;

/// Where Linux lists its direct-rendering devices.
#[cfg(target_os = "linux")]
const DRI: &str = "/dev/dri";

/// Whether `dri` (`/dev/dri`) holds a render node (`renderD128`, …): a GPU that OpenGL can
/// draw with. Without one, OpenGL can only be software.
#[cfg(any(target_os = "linux", test))]
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Asks `window`'s WebKit webview to paint without compositing when this machine has no GPU
/// (see the module's words); does nothing elsewhere.
pub fn fit_to_machine<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    if !has_render_node(Path::new(DRI)) {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        let asked = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        match asked {
            Ok(()) => tracing::info!("no GPU render node: the webview paints without compositing"),
            Err(err) => tracing::warn!("could not set how the webview paints: {err}"),
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu_and_a_card_alone_or_nothing_does_not() {
        let dri = tempfile::tempdir().expect("a temporary folder");
        assert!(!has_render_node(dri.path()), "an empty /dev/dri");
        std::fs::write(dri.path().join("card0"), b"").expect("a card entry");
        assert!(
            !has_render_node(dri.path()),
            "a display card without a render node (KMS only)"
        );
        std::fs::write(dri.path().join("renderD128"), b"").expect("a render node");
        assert!(has_render_node(dri.path()), "a render node");
        assert!(
            !has_render_node(&dri.path().join("missing")),
            "no /dev/dri at all"
        );
    }
}
