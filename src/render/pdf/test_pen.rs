//! A pen for the font tests: records an outline's commands as text, for
//! skrifa's outlines and (every pen being a path sink) for read-fonts' CFF
//! charstrings alike.

use skrifa::outline::OutlinePen;

/// The commands of one outline (`M1,2`, `L3,4`, …, `Z`).
#[derive(Debug, Default)]
pub(super) struct Recorder(pub(super) Vec<String>);

impl OutlinePen for Recorder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x},{y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x},{y}"));
    }
    fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
        self.0.push(format!("Q{a},{b},{x},{y}"));
    }
    fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
        self.0.push(format!("C{a},{b},{c},{d},{x},{y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}
