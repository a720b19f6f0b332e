//! Messages of layout and rendering: table markup, fonts, targets that cannot be read.

// A form's table markup.

/// Where in the markup: its line.
pub fn markup_line(line: usize) -> String {
    format!("第 {line} 行")
}

/// Markup that is not well-formed XML.
pub fn markup_xml(at: &str, source: &str) -> String {
    format!("表格标记{at}: XML 错误: {source}")
}

/// A `<td>` outside a `<tr>`.
pub fn cell_outside_row(at: &str) -> String {
    format!("表格标记{at}: <td> 不在 <tr> 之内")
}

/// A `</td>` without its `<td>`.
pub fn stray_cell_end(at: &str) -> String {
    format!("表格标记{at}: 多余的 </td>")
}

/// A `<col>` without a usable width.
pub fn column_without_width(at: &str) -> String {
    format!("表格标记{at}: <col> 缺少有效的 width（毫米）")
}

/// A `<p>` inside the table but outside a `<td>`.
pub fn paragraph_outside_cell(at: &str) -> String {
    format!("表格标记{at}: <p> 不在 <td> 之内")
}

/// An entity XML does not define.
pub fn unknown_entity(at: &str, name: &str) -> String {
    format!("表格标记{at}: 未知实体 &{name};")
}

/// An attribute the XML reader could not read.
pub fn attribute_unreadable(err: &str) -> String {
    format!("属性无法读取: {err}")
}

/// A named attribute the XML reader could not read.
pub fn named_attribute_unreadable(name: &str, err: &str) -> String {
    format!("属性 {name} 无法读取: {err}")
}

/// An attribute that should be a positive integer.
pub fn not_positive_integer(name: &str, value: &str) -> String {
    format!("属性 {name}=\"{value}\" 不是正整数")
}

/// A span of 0 rows or columns.
pub fn zero_span(at: &str) -> String {
    format!("表格标记{at}: colspan/rowspan 不能为 0")
}

/// A style class the form does not define.
pub fn undefined_style_class(at: &str, class: &str) -> String {
    format!("表格标记{at}: 样式类 “{class}” 未在 form.yaml 的 styles 中定义")
}

/// Markup without any `<col>`.
pub const NO_COLUMNS: &str = "表格标记: 没有 <col> 列宽定义";

/// A cell past the last column.
pub fn cell_past_width(row: usize, width: usize, col: usize, colspan: usize) -> String {
    format!("表格第 {row} 行: 单元格超出 {width} 列（起于第 {col} 列，跨 {colspan} 列）")
}

/// A cell spanning past the last row.
pub fn span_past_end(row: usize, col: usize, rowspan: usize) -> String {
    format!("表格第 {row} 行第 {col} 列: 跨 {rowspan} 行，超出表格末尾")
}

/// Two cells covering one slot.
pub fn cells_overlap(row: usize, col: usize) -> String {
    format!("表格第 {row} 行第 {col} 列: 单元格重叠")
}

/// A slot no cell covers.
pub fn missing_cell(row: usize, col: usize) -> String {
    format!("表格第 {row} 行第 {col} 列: 缺少单元格")
}

// Renderers.

/// A renderer that failed to write its file.
pub fn write_failed(format: &str, message: &str) -> String {
    format!("生成 {format} 文件失败 (failed to write {format}): {message}")
}

/// The Chinese name of the 宋体 font, first in the HTML pages' font list.
pub const SONGTI: &str = "宋体";

// Fonts.

/// What to install when no font is found, for the warning.
pub const FONT_INSTALL_HINT: &str = "安装宋体 (SimSun) 或 Noto Serif CJK（Debian/Ubuntu: apt-get install fonts-noto-cjk）后重新运行，或用 --font 指定字体文件";

/// A character every Chinese font has: a face without it is not one.
pub const CJK_PROBE: char = '中';

/// A font file that cannot be read.
pub fn font_unreadable(err: &str) -> String {
    format!("无法读取字体文件: {err}")
}

/// A file that is not a font.
pub const NOT_A_FONT: &str = "不是 TrueType/OpenType 字体文件";
/// A font without Chinese characters.
pub const FONT_WITHOUT_HANZI: &str = "字体中没有汉字（不是中文字体）";
/// A variable font, which a PDF cannot embed.
pub const VARIABLE_FONT: &str = "可变字体 (CFF2) 无法嵌入 PDF；请选用普通字体文件";
/// A font without its `head` table.
pub const FONT_WITHOUT_HEAD: &str = "字体缺少 head 表";
/// A font without its `hhea` table.
pub const FONT_WITHOUT_HHEA: &str = "字体缺少 hhea 表";
/// A font that cannot be parsed again.
pub const FONT_UNPARSABLE: &str = "字体无法解析";

/// A font that cannot be subset.
pub fn subset_failed(err: &str) -> String {
    format!("无法从字体中取子集: {err}")
}
