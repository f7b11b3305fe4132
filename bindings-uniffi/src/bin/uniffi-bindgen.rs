//! The workspace's own `uniffi-bindgen`, pinned to the runtime's UniFFI version.
fn main() {
    uniffi::uniffi_bindgen_main()
}
