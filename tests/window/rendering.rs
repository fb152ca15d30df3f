//! Painting on a machine without a GPU (issue 18; `src-tauri/src/rendering.rs`): there the app
//! asks WebKit to paint without compositing, so showing a screen does not keep Mesa's software
//! rasterizer (llvmpipe) busy. With compositing, on this machine, each change kept llvmpipe's
//! two threads busy for hundreds of milliseconds of CPU (BENCHMARKS.md, issue 18, session 11).
//! With a GPU the app leaves WebKit's choice alone, and no software rasterizer runs at all.

use std::time::Duration;

use switchboard_bench_support::process;

use crate::harness::{App, temp_database};

/// The CPU time (ms) the web process's software rasterizer threads have run so far.
fn rasterizer_cpu_ms(web: u32) -> f64 {
    process::threads_named(web, "llvmpipe")
        .into_iter()
        .filter_map(|tid| process::thread_cpu_ns(web, tid))
        .sum::<u64>() as f64
        / 1e6
}

/// Most the rasterizer may run while a screen opens: with compositing it was hundreds of
/// milliseconds; without, nothing.
const RASTERIZER_MS: f64 = 20.0;

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn without_a_gpu_opening_the_routing_grid_does_not_keep_a_software_rasterizer_busy() {
    let (_dir, database) = temp_database();
    let app = App::start("rendering", &database).await;
    app.wait_for("button[data-action='set-up']").await;
    let web = app.web_process();
    let settle = async || {
        app.run_async(
            "const done = arguments[0]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            Vec::new(),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    settle().await;
    let before = rasterizer_cpu_ms(web);
    app.open_screen("routing").await;
    app.wait_for(".grid-body .grid-cell").await;
    settle().await;
    app.open_screen("topics").await;
    app.wait_for("button[data-action='move-up']").await;
    settle().await;
    let spent = rasterizer_cpu_ms(web) - before;
    println!("software rasterizer CPU while Routing and Topics opened: {spent:.1} ms");
    assert!(
        spent < RASTERIZER_MS,
        "opening two screens kept the software rasterizer busy for {spent:.1} ms of CPU (most {RASTERIZER_MS} ms): the webview composites with software OpenGL"
    );
    app.quit().await;
}
