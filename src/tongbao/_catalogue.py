"""The catalogue of problem codes: each code's message in English and in Chinese.

A code names one kind of problem and never changes meaning; its parameters keep their
names. The English template gives ``str(error)`` (and the command line's output), so
changing one changes what users see: ``docs/errors.md`` lists them all, and a test
keeps that table, this catalogue and the codes used in ``src/`` in step.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "ZH_TERMS"]

MESSAGES: dict[str, tuple[str, str]] = {
    # --- any input ---------------------------------------------------------------
    "input": ("{message}", "{message}"),
    "input.more_problems": ("… and {count} more problems not shown", "……另有{count}个问题未列出"),
    # --- texts and values built in Python ----------------------------------------
    "text.control": (
        "{what} holds the control character {char}; remove it",
        "{what}含有控制字符 {char}，请删除",
    ),
    "text.separator": (
        "{what} holds the line or paragraph separator {char}; remove it",
        "{what}含有行或段落分隔符 {char}，请删除",
    ),
    "text.bidi": (
        "{what} holds the bidi control {char}, which reorders text; remove it",
        "{what}含有会改变文字显示顺序的双向控制符 {char}，请删除",
    ),
    "text.unprintable": (
        "{what} holds the unprintable character {char}; remove it",
        "{what}含有无法打印的字符 {char}，请删除",
    ),
    "value.not_text": (
        "{what} must be text, not {kind} ({value})",
        "{what}应为文字，而不是 {kind}（{value}）",
    ),
    "value.empty": ("{what} is empty", "{what}为空"),
    "value.not_period": (
        "period must be a Period, not {value}",
        "期间应为 Period，而不是 {value}",
    ),
    "name.too_long": (
        "{what} {start}… is {length} characters long; at most {limit} are allowed",
        "{what} {start}…… 长 {length} 个字符，最多允许 {limit} 个",
    ),
    # --- counts and scores of a tally --------------------------------------------
    "count.not_whole": (
        "{unit}: {field} must be a whole number (int), not {value}",
        "{unit}：{field}应为整数，而不是 {value}",
    ),
    "count.negative": ("{unit}: {field} is negative ({value})", "{unit}：{field}为负数（{value}）"),
    "count.too_large": (
        "{unit}: {field} is more than {limit}, the largest count",
        "{unit}：{field}超过最大计数 {limit}",
    ),
    "count.adopted_over_submitted": (
        "{unit}: adopted ({adopted}) is more than submitted ({submitted})",
        "{unit}：采纳数（{adopted}）大于报送数（{submitted}）",
    ),
    "score.not_finite": ("score {value} is not a finite number", "得分 {value} 不是有限的数"),
    "score.too_large": (
        "score {value} is too large: at most {limit} in magnitude",
        "得分 {value} 过大：绝对值最多为 {limit}",
    ),
    "score.too_many_places": (
        "score {value} has more than {places} decimals",
        "得分 {value} 的小数位超过 {places} 位",
    ),
    "score.inexact": (
        "a score must be exact (int, Fraction, Decimal or text like '12.5'), not {value}",
        "得分应为精确值（整数、Fraction、Decimal 或 '12.5' 这样的文字），而不是 {value}",
    ),
    "score.not_number": ("score {value} is not a number", "得分 {value} 不是数"),
    "score.wrong_type": ("a score must be a number, not {kind}", "得分应为数，而不是 {kind}"),
    "level.not_whole": (
        "{unit}: adoptions at level {level} must be a whole number, not {value}",
        "{unit}：{level}级采纳数应为整数，而不是 {value}",
    ),
    "level.negative": (
        "{unit}: adoptions at level {level} are negative ({value})",
        "{unit}：{level}级采纳数为负数（{value}）",
    ),
    "level.twice": ("{unit}: level {level} is given twice", "{unit}：级别 {level} 出现了两次"),
    "level.sum_mismatch": (
        "{unit}: adoptions by level add up to {total} ({terms}), not the {adopted} adopted",
        "{unit}：各级采纳数之和为 {total}（{terms}），与采纳数 {adopted} 不符",
    ),
    # --- periods -------------------------------------------------------------------
    "period.not_text": (
        "a period is written as text, not {kind}",
        "期间应写成文字，而不是 {kind}",
    ),
    "period.unknown": (
        "{text} is not a period; expected e.g. '2018-03', '2018-03/2018-04', "
        "'2018-Q1', '2018-H1', '2018' or '2018年3-4月'",
        "{text} 不是期间；应写成 '2018-03'、'2018-03/2018-04'、'2018-Q1'、'2018-H1'、"
        "'2018' 或 '2018年3-4月' 等",
    ),
    "period.not_whole": (
        "{what} must be a whole number, not {value}{where}",
        "{what}应为整数，而不是 {value}{where}",
    ),
    "period.bad_year": (
        "year {year} is out of range 1..9999{where}",
        "年份 {year} 超出 1..9999 的范围{where}",
    ),
    "period.bad_month": (
        "month {month} is not a month (1..12){where}",
        "{month} 不是月份（1..12）{where}",
    ),
    "period.bad_quarter": (
        "quarter {quarter} is not 1..4{where}",
        "季度 {quarter} 不在 1..4 之间{where}",
    ),
    "period.bad_half": ("half {half} is not 1 or 2{where}", "半年 {half} 不是 1 或 2{where}"),
    "period.ends_before_start": (
        "period ends before it starts: {range}{where}",
        "期间的结束早于开始：{range}{where}",
    ),
    "period.not_ordinal": (
        "Period.{field} must be a month ordinal (int), not {value}",
        "Period.{field} 应为月份序号（整数），而不是 {value}",
    ),
    "period.unknown_style": ("unknown period style {style}", "未知的期间写法 {style}"),
    "period.style_mismatch": ("{period} is not a {style}", "{period} 不是一个{style}"),
    "period.no_earlier": (
        "{period} has no period {months} months earlier (years 1..9999)",
        "{period}之前 {months} 个月的期间超出了 1..9999 年",
    ),
    "value.not_bool": (
        "{field} must be true or false, not {value}",
        "{field}应为 true 或 false，而不是 {value}",
    ),
    # --- scoring rules and quotas ----------------------------------------------------
    "scoring.bad_points": (
        "points for {level} must be a number of 0 or more, not {value}",
        "{level}的分值应为不小于 0 的数，而不是 {value}",
    ),
    "scoring.negative": ("{field} must be 0 or more", "{field}应不小于 0"),
    "scoring.bad_scale": (
        "scale must be more than 0 (100 for a 100-point scale)",
        "scale 应大于 0（百分制为 100）",
    ),
    "scoring.floor_over_quota_points": (
        "floor is more than quota_points",
        "floor 大于 quota_points",
    ),
    "scoring.places_not_whole": (
        "places must be a whole number, not {value}",
        "places 应为整数，而不是 {value}",
    ),
    "scoring.bad_places": (
        "places must be from 0 to 4, not {value}",
        "places 应在 0 到 4 之间，而不是 {value}",
    ),
    "scoring.deductions_without_quota_points": (
        "per_missing and floor go with quota_points",
        "per_missing 和 floor 须与 quota_points 一起使用",
    ),
    "scoring.needs_submitted": (
        "{unit}: the rules give points per item submitted, but the counts hold no 报送数",
        "{unit}：考核办法按报送条数计分，但数据中没有报送数",
    ),
    "scoring.needs_levels": (
        "{unit}: the rules give points by level ({levels}) but the counts are not by level",
        "{unit}：考核办法按级别（{levels}）计分，但数据没有按级别统计",
    ),
    "scoring.needs_instructions": (
        "{unit}: the rules give points per 批示, but the data has no 批示数",
        "{unit}：考核办法按批示计分，但数据中没有批示数",
    ),
    "scoring.needs_quota": (
        "the rules give quota points, but the notice sets no [quota]",
        "考核办法设有任务分，但通报没有设置 [quota]",
    ),
    "scoring.score_mismatch": (
        "{unit}: the supplied score {supplied} is not the {expected} the scoring rules give",
        "{unit}：所给得分 {supplied} 与按考核办法计算的 {expected} 不符",
    ),
    "quota.items_not_whole": (
        "quota items must be a whole number, not {value}",
        "任务数应为整数，而不是 {value}",
    ),
    "quota.items_negative": (
        "quota items must be 0 or more, not {value}",
        "任务数应不小于 0，而不是 {value}",
    ),
    "quota.bad_counts": (
        "a quota counts 'submitted' or 'adopted', not {value}",
        "任务数只能计 'submitted'（报送）或 'adopted'（采纳），而不是 {value}",
    ),
    "quota.missing": ("{unit}: no quota (任务数) for this unit", "{unit}：该单位没有任务数"),
    "quota.needs_submitted": (
        "{unit}: the quota counts 报送数, which the data lacks",
        "{unit}：任务数按报送数计算，但数据中没有报送数",
    ),
    "value.not_a_choice": (
        "{field} is {value}; expected one of {choices}",
        "{field} 为 {value}；应为 {choices} 之一",
    ),
    "value.out_of_range": (
        "{field} must be a whole number from {low} to {high}",
        "{field} 应为 {low} 到 {high} 之间的整数",
    ),
    "value.not_mapping": ("{field} must be a table (mapping)", "{field} 应为表（映射）"),
    "value.wrong_type": (
        "{what} must be a {expected}, not {kind}",
        "{what}应为 {expected}，而不是 {kind}",
    ),
    "text.wrong_type": ("{what} must be text, not {kind}", "{what}应为文字，而不是 {kind}"),
    # --- a notice's fields ---------------------------------------------------------
    "notice.title_line_empty": ("a line of the title is empty", "标题中有一行为空"),
    "notice.too_long": (
        "{field} is {length} characters long; at most {limit} fit a document's properties",
        "{field}长 {length} 个字符；文档属性最多容纳 {limit} 个",
    ),
    "notice.not_a_date": (
        "{field} must be a date such as 2018-05-10, not {value}",
        "{field}应为 2018-05-10 这样的日期，而不是 {value}",
    ),
    "notice.date_out_of_range": (
        "date is in {year}; expected a year from {low} to {high}",
        "成文日期在 {year} 年；应在 {low} 年到 {high} 年之间",
    ),
    "notice.printed_pair": (
        "printed_by and printed_date go together: give both",
        "印发机关（printed_by）和印发日期（printed_date）须同时给出",
    ),
    "notice.options_not_mapping": (
        "options must map each format to a table of its options",
        "options 应把每种格式对应到它的选项表",
    ),
    "notice.no_units": (
        "no units: a notice needs at least one unit's counts",
        "没有单位：通报至少需要一个单位的数据",
    ),
    "notice.too_many_units": (
        "{count} units; a notice may count at most {limit}",
        "共 {count} 个单位；一份通报最多统计 {limit} 个",
    ),
    "body.line_break": (
        "paragraph {paragraph} holds a line break; make it two items",
        "第{paragraph}段含有换行；请分成两段",
    ),
    "body.bad_placeholder": ("paragraph {paragraph}: {detail}", "第{paragraph}段：{detail}"),
    "body.needs_comparison": (
        "paragraph {paragraph}: {{{placeholder}}} needs the {side} period's counts "
        "([comparison] {key} in a notice file)",
        "第{paragraph}段：{{{placeholder}}} 需要{side}的数据（通报文件中的 [comparison] {key}）",
    ),
    "body.unknown_group": (
        "paragraph {paragraph}: {{{placeholder}}}: no unit is in group {group} (groups: {groups})",
        "第{paragraph}段：{{{placeholder}}}：没有单位属于类别 {group}（现有类别：{groups}）",
    ),
    "attachment.unknown_figure": (
        "column figure {figure} is not one of {figures}, level:NAME or points:NAME "
        "(each also with ytd_)",
        "列的数据项 {figure} 不是 {figures}、level:NAME 或 points:NAME 之一（均可加 ytd_）",
    ),
    "comparison.bad_against": (
        "{value} is not previous or year_ago",
        "{value} 不是 previous 或 year_ago",
    ),
    "comparison.needs_counts": (
        "a comparison table needs the {side} period's counts",
        "比较表需要{side}的数据",
    ),
    # --- the tallies of a notice -----------------------------------------------------
    "tally.not_a_tally": ("expected a Tally, not {kind}", "应为 Tally，而不是 {kind}"),
    "tally.other_period": (
        "{unit}: counts are for {period}, the notice for {expected}",
        "{unit}：数据属于 {period}，而通报的期间是 {expected}",
    ),
    "tally.other_side_period": (
        "{unit}: counts are for {period}, the {side} period is {expected}",
        "{unit}：数据属于 {period}，而{side}是 {expected}",
    ),
    "tally.duplicate": (
        "{unit} appears twice (as unit {first} and {again})",
        "{unit} 出现了两次（第{first}个和第{again}个单位）",
    ),
    "tally.twice": ("{unit} appears twice", "{unit} 出现了两次"),
    "tally.excluded": (
        "{unit} is counted and also listed as excluded",
        "{unit} 既被统计，又被列为不参加统计",
    ),
    "tally.reserved_name": (
        "a unit may not be called {unit}: the table's own rows are",
        "单位不能叫“{unit}”：这是表格自己的行名",
    ),
    "tally.no_group": (
        "{unit} has no group, but the table is grouped",
        "{unit} 没有类别，但表格按类别分组",
    ),
    "tally.unlisted_group": (
        "{unit} is in group {group}, which attachment.groups does not list ({groups})",
        "{unit} 属于类别 {group}，但 attachment.groups 中没有它（{groups}）",
    ),
    "tally.own_parent": ("{parent} is given as its own parent", "{parent} 被设为自己的上级单位"),
    "tally.parent_not_counted": (
        "{unit}'s parent {parent} is not a unit counted here",
        "{unit} 的上级单位 {parent} 不在统计的单位中",
    ),
    "tally.parent_is_sub_unit": (
        "{unit}'s parent {parent} is itself a sub-unit of {grandparent}; "
        "points are credited one level up only",
        "{unit} 的上级单位 {parent} 本身是 {grandparent} 的下级单位；分数只向上计入一级",
    ),
    # --- figures a notice prints that its data lacks -----------------------------
    "needs.year_to_date": (
        "{who} needs the year-to-date counts (累计), which the notice lacks",
        "{who}需要累计数据，但通报中没有",
    ),
    "needs.quota": (
        "{who} needs a quota: add [quota] (items = N, or a 任务数 column)",
        "{who}需要任务数：请添加 [quota]（items = N，或一个任务数列）",
    ),
    "needs.points": (
        "{who} needs {figure}, which the scoring rules do not give",
        "{who}需要{figure}，但考核办法没有给出",
    ),
    "needs.score": (
        "{who} needs a score for every unit: a 得分 column, or [scoring] points",
        "{who}需要每个单位的得分：一个得分列，或 [scoring] 分值",
    ),
    "needs.score_of_unit": (
        "{who} needs a score for every unit: a 得分 column, or [scoring] points ({unit} has none)",
        "{who}需要每个单位的得分：一个得分列，或 [scoring] 分值（{unit} 没有）",
    ),
    "needs.figure": (
        "{who} needs {figure}, which the data does not hold",
        "{who}需要{figure}，但数据中没有",
    ),
    "needs.figure_of_unit": (
        "{who} needs {figure}, which {whose} not hold ({unit} has none)",
        "{who}需要{figure}，但数据中没有（{unit} 没有）",
    ),
    "needs.figure_in_source": (
        "{who} needs {figure}, which {whose} not hold ({source})",
        "{who}需要{figure}，但数据中没有（{source}）",
    ),
    # --- a notice from plain data (tongbao.notice_from, tongbao.validate) ---------------
    "build.unknown_key": ("unknown key {key}; known: {known}", "未知的键 {key}；已知的键：{known}"),
    "build.missing_key": ("missing {key}", "缺少 {key}"),
    "build.invalid": ("{detail}", "{detail}"),
    # --- reading files ------------------------------------------------------------
    "file.unresolvable": (
        "cannot resolve the {what}'s path: {reason}",
        "无法解析{what}的路径：{reason}",
    ),
    "file.outside_root": (
        "the {what} is outside the allowed folder {root}; refusing to read it (--root / root=)",
        "{what}不在允许的文件夹 {root} 之内，拒绝读取（--root / root=）",
    ),
    "file.unreadable": ("cannot read the {what}: {reason}", "无法读取{what}：{reason}"),
    "file.not_regular": (
        "the {what} is {kind}, not a regular file",
        "{what}是{kind}，不是普通文件",
    ),
    "file.swapped": ("the {what} is not a regular file", "{what}不是普通文件"),
    "file.nul_in_path": ("the {what}'s path holds a NUL character", "{what}的路径含有 NUL 字符"),
    "file.too_large": (
        "the {what} is more than the {limit} bytes allowed; {hint}",
        "{what}超过允许的 {limit} 字节；{hint}",
    ),
    "file.empty": ("the file is empty", "文件为空"),
    # --- published notices (tongbao import, audit) ---------------------------------
    "published.workbook": (
        "this is an Excel workbook, not a published notice; "
        "for counts use 'tongbao rank' or a notice file's data = …",
        "这是 Excel 工作簿，不是已发布的通报；统计数据请用 'tongbao rank' 或通报文件的 data = …",
    ),
    "published.zip": ("this is a zip file, not a DOCX notice", "这是 zip 文件，不是 DOCX 通报"),
    "published.old_office": (
        "this is an old Word or Excel file (.doc/.xls); save it as .docx and import that",
        "这是旧版 Word 或 Excel 文件（.doc/.xls）；请另存为 .docx 后导入",
    ),
    "published.binary": (
        "this is a binary file; expected a published notice as DOCX, HTML, PDF or text",
        "这是二进制文件；应为 DOCX、HTML、PDF 或文本格式的已发布通报",
    ),
    "published.encoding": (
        "the file is neither UTF-8 nor GB18030/GBK text",
        "文件既不是 UTF-8 也不是 GB18030/GBK 文本",
    ),
    "published.docx_unreadable": (
        "the Word file cannot be read: {reason}",
        "无法读取 Word 文件：{reason}",
    ),
    "published.pdf_encrypted": (
        "the PDF is encrypted; save an unprotected copy",
        "PDF 已加密；请另存一份未加密的副本",
    ),
    "published.pdf_unreadable": ("the PDF cannot be read: {reason}", "无法读取 PDF：{reason}"),
    "published.pdf_no_text": (
        "the PDF holds no text (a scan?); tongbao reads PDFs with a text layer only",
        "PDF 中没有文字（是扫描件吗？）；tongbao 只能读取带文字层的 PDF",
    ),
    "published.no_table": (
        "no table of units found: expected a header row with 单位 and 报送数/采纳数 "
        "(also 序号, 采纳率, 得分 … in any order)",
        "没有找到单位表：应有含“单位”和“报送数/采纳数”的表头行（也可有序号、采纳率、得分……，顺序不限）",
    ),
    "import.no_unit_rows": (
        "no attachment table has a unit's row",
        "附件表中没有任何单位的行",
    ),
    "import.count_unreadable": (
        "{heading} is {value}, expected a whole number",
        "{heading}为 {value}，应为整数",
    ),
    "import.rate_unreadable": (
        "{heading} {value} cannot be read, and {adopted}/{submitted} is not 0/0: "
        "check the published table",
        "无法读取{heading} {value}，而 {adopted}/{submitted} 不是 0/0：请核对已发布的表格",
    ),
    "import.no_period": (
        "no period found: expected e.g. 2018年3-4月 in the title or the body, "
        "or 3-4月 with a 成文日期",
        "没有找到期间：标题或正文中应有 2018年3-4月 这样的期间，或有 3-4月 及成文日期",
    ),
    "import.no_signature": (
        "no signature (发文机关署名) above the date",
        "成文日期上方没有发文机关署名",
    ),
    "import.no_date": (
        "no date (成文日期) such as 2018年5月10日",
        "没有 2018年5月10日 这样的成文日期",
    ),
    # --- renderer options ----------------------------------------------------------
    "option.invalid": ("{detail}", "渲染选项有误：{detail}"),
    # --- the command line ------------------------------------------------------------
    "rank.no_group": (
        "--group needs a group (类别) for every unit; none for {units}",
        "--group 要求每个单位都有类别；以下单位没有：{units}",
    ),
    "rank.needs_submitted": (
        "{option} needs the items submitted (报送数), which the data does not hold; "
        "rank with --by adopted or --by score",
        "{option} 需要报送数，但数据中没有；请用 --by adopted 或 --by score 排名",
    ),
    "rank.no_scores": (
        "--by score: no score for some units (no [scoring] rules and no 得分 column)",
        "--by score：有的单位没有得分（没有 [scoring] 考核办法，也没有得分列）",
    ),
    "import.output_folder": (
        "cannot make the output folder: {reason}",
        "无法创建输出文件夹：{reason}",
    ),
    "data.binary": (
        "this is a binary file, not CSV text; save the sheet as CSV (UTF-8) or XLSX",
        "这是二进制文件，不是 CSV 文本；请把工作表另存为 CSV（UTF-8）或 XLSX",
    ),
    "data.encoding": (
        "the file is neither UTF-8 nor GB18030/GBK text; save it as CSV (UTF-8)",
        "文件既不是 UTF-8 也不是 GB18030/GBK 文本；请另存为 CSV（UTF-8）",
    ),
    "data.zip_as_csv": (
        "this is a zip file (an Excel workbook?), not CSV text; name it .xlsx",
        "这是 zip 文件（Excel 工作簿？），不是 CSV 文本；请把扩展名改为 .xlsx",
    ),
    "data.bad_csv": ("not readable as CSV: {reason}", "无法按 CSV 读取：{reason}"),
    "data.row_too_long": (
        "a row longer than {limit} characters; is this really a sheet of counts?",
        "有一行超过 {limit} 个字符；这真的是统计表吗？",
    ),
    "data.too_many_columns": (
        "a row with {width} cells; at most {limit} columns are read",
        "有一行有 {width} 个单元格；最多读取 {limit} 列",
    ),
    "data.too_many_cells": (
        "more than {limit} cells in the file; split it",
        "文件中的单元格超过 {limit} 个；请拆分文件",
    ),
    "data.not_xlsx": ("not an Excel .xlsx workbook{hint}", "不是 Excel .xlsx 工作簿{hint}"),
    "data.workbook_damaged": ("the workbook is damaged: {reason}", "工作簿已损坏：{reason}"),
    "data.part_too_large": (
        "the workbook's part {part} unpacks to {size} bytes, more than the {limit} allowed; refusing to read it",
        "工作簿的部件 {part} 解压后有 {size} 字节，超过允许的 {limit} 字节；拒绝读取",
    ),
    "data.workbook_too_large": (
        "the workbook unpacks to {size} bytes, more than the {limit} allowed; refusing to read it",
        "工作簿解压后有 {size} 字节，超过允许的 {limit} 字节；拒绝读取",
    ),
    "data.workbook_unreadable": (
        "the workbook cannot be read: {reason}",
        "无法读取工作簿：{reason}",
    ),
    "data.no_sheets": (
        "the workbook has no sheets (or their parts are missing)",
        "工作簿中没有工作表（或其部件缺失）",
    ),
    "data.no_such_sheet": (
        "no sheet named {sheet}; the workbook has {sheets}",
        "没有名为 {sheet} 的工作表；工作簿中有 {sheets}",
    ),
    "data.column_too_far": (
        "a value in column {column}; at most {limit} columns ({letter}) are read",
        "第 {column} 列有数据；最多读取 {limit} 列（到 {letter} 列）",
    ),
    "data.too_many_rows": ("more than {limit} rows; split the file", "超过 {limit} 行；请拆分文件"),
    "data.sheet_not_workbook": ("sheet is only for .xlsx workbooks", "sheet 只适用于 .xlsx 工作簿"),
    "data.unknown_type": (
        "unknown data file type {suffix}; expected .csv or .xlsx",
        "未知的数据文件类型 {suffix}；应为 .csv 或 .xlsx",
    ),
    "data.not_whole": ("{what} is {value}, expected a whole number", "{what}为 {value}，应为整数"),
    "data.empty_count": (
        "{what} is empty, expected a whole number (write 0 for none){hint}",
        "{what}为空，应为整数（没有请填 0）{hint}",
    ),
    "data.count_too_large": (
        "{what} is more than {limit}, the largest count",
        "{what}超过最大计数 {limit}",
    ),
    "data.count_negative": ("{what} is negative ({value})", "{what}为负数（{value}）"),
    "data.empty_score": ("{what} is empty, expected a number", "{what}为空，应为数"),
    "data.not_a_number": (
        "{what} is {value}, expected a number ({reason})",
        "{what}为 {value}，应为数（{reason}）",
    ),
    "data.rate_unreadable": ("{what} {claim}", "{what}无法读取：{claim}"),
    "data.rate_missing": (
        "{what} is empty but {numerator}/{denominator} is {computed}%",
        "{what}为空，但 {numerator}/{denominator} 为 {computed}%",
    ),
    "data.rate_undefined": (
        "{what} is {claimed}% but {numerator}/{denominator} is undefined",
        "{what}为 {claimed}%，但 {numerator}/{denominator} 无意义（分母为 0）",
    ),
    "data.rate_value_mismatch": (
        "{what} is {claimed}% but {numerator}/{denominator} is {computed}%",
        "{what}为 {claimed}%，但 {numerator}/{denominator} 为 {computed}%",
    ),
    "data.rate_mismatch": (
        "{what} is {claimed} but {numerator}/{denominator} is {computed}% (rounded half up to {places} decimals)",
        "{what}为 {claimed}，但 {numerator}/{denominator} 四舍五入到 {places} 位小数为 {computed}%",
    ),
    "data.bad_month": ("月份: {reason}", "月份：{reason}"),
    "data.not_a_month": (
        "月份 is {value}, expected a month such as 2018-03",
        "月份为 {value}，应为 2018-03 这样的月份",
    ),
    "data.month_range": (
        "月份 is {value}, a range; expected one month",
        "月份为 {value}，是一个区间；应为一个月",
    ),
    "data.month_outside": (
        "月份 {month} is outside the notice's period {period}",
        "月份 {month} 不在通报的期间 {period} 之内",
    ),
    "data.unit_twice": (
        "{unit} appears twice (first at {first})",
        "{unit} 出现了两次（第一次在 {first}）",
    ),
    "data.group_differs": (
        "{unit} is in group {group} here but {first_group} at {first}",
        "{unit} 在此处属于类别 {group}，但在 {first} 属于 {first_group}",
    ),
    "data.month_twice": (
        "{unit} has two rows for {month} (first at {first})",
        "{unit} 在 {month} 有两行（第一行在 {first}）",
    ),
    "data.score_in_some_months": (
        "{unit} has a 得分 in some months and not in others",
        "{unit} 有的月份有得分，有的月份没有",
    ),
    "data.ytd_below_period": (
        "{unit}: 累计{figure} {total} is less than this period's {value}",
        "{unit}：累计{figure} {total} 小于本期的 {value}",
    ),
    "data.ytd_no_adopted": (
        "累计 columns but no 累计采纳数 (or 累计 level columns): the year-to-date adoptions are needed",
        "有累计列，但没有累计采纳数（或累计的分级列）：需要年初至今的采纳数",
    ),
    "data.no_adopted_column": (
        'has {written} but no {wanted}: every notice needs the adoptions; name the column in the notice if it is headed otherwise (data = {{ file = …, columns = {{ adopted = "…" }} }})',
        '有 {written}，但没有{wanted}：每份通报都需要采纳数；如果该列的表头不同，请在通报中指明（data = {{ file = …, columns = {{ adopted = "…" }} }}）',
    ),
    "data.column_twice": (
        "a second column for {figure} ({heading}); keep one, tongbao would not know which to use (or name the one to read in the notice: data = {{ file = …, columns = {{ … }} }})",
        "{figure}有第二列（{heading}）；请只保留一列，否则 tongbao 不知道用哪一列（或在通报中指明要读的列：data = {{ file = …, columns = {{ … }} }}）",
    ),
    "data.named_column_missing": (
        "no column headed {heading} for {figure} (the notice's data.columns); this row has {written}",
        "没有表头为 {heading} 的{figure}列（通报的 data.columns）；这一行有 {written}",
    ),
    "data.no_header": (
        "no header row found in the first 20 rows: expected a 单位/unit column and the counts (报送数/submitted, 采纳数/adopted, the level columns or 得分; optional: 类别/group, 序号/no., 采纳率/rate, 月份/month)",
        "前 20 行中没有表头行：应有“单位”列和各项数据（报送数、采纳数、分级列或得分；可选：类别、序号、采纳率、月份）",
    ),
    "data.period_needed": (
        "the file has no 月份/month column, so the period must be given (the notice's period, or --period 2018-03/2018-04)",
        "文件没有月份列，因此必须给出期间（通报的期间，或 --period 2018-03/2018-04）",
    ),
    "data.ytd_in_monthly": (
        "a 累计 column in a file of monthly rows: tongbao adds the months up itself; remove the column",
        "按月的文件中有累计列：tongbao 会自己把各月相加；请删除该列",
    ),
    "data.rate_without_submitted": (
        "a 采纳率 column but no 报送数: the rates cannot be checked",
        "有采纳率列但没有报送数列：无法核对采纳率",
    ),
    "data.completion_without_quota": (
        "a 完成率 column but no 任务数: it cannot be checked",
        "有完成率列但没有任务数列：无法核对",
    ),
    "data.row_after_total": (
        "a unit's row after the 合计 row ({total})",
        "合计行（{total}）之后还有单位的行",
    ),
    "data.no_rows": (
        "no units: the header is there but no row below it has counts",
        "没有单位：有表头，但下面没有一行有数据",
    ),
    "data.unit_empty": ("the unit's name (单位) is empty", "单位名称为空"),
    "data.adopted_over_submitted": (
        "采纳数 ({adopted}) is more than 报送数 ({submitted})",
        "采纳数（{adopted}）大于报送数（{submitted}）",
    ),
    "data.level_missing": (
        "{level}采用 is missing, expected a whole number",
        "缺少{level}采用，应为整数",
    ),
    "data.levels_sum_mismatch": (
        "{heading} is {adopted} but the adoptions by level add up to {total}",
        "{heading}为 {adopted}，但各级采纳数之和为 {total}",
    ),
    "data.total_mismatch": (
        "{label} {heading} is {claimed} but the rows above add up to {computed}",
        "{label}{heading}为 {claimed}，但上面各行之和为 {computed}",
    ),
    "toml.unknown_key": (
        "unknown key {key}{hint} (known: {known})",
        "未知的键 {key}{hint}（已知的键：{known}）",
    ),
    "toml.more_unknown_keys": (
        "… and {count} more unknown keys not shown",
        "……另有 {count} 个未知的键未列出",
    ),
    "toml.missing_key": ("missing {key}: {meaning}", "缺少 {key}：{meaning}"),
    "toml.wrong_type": ("{key} must be {kind}, not {value}", "{key} 应为{kind}，而不是 {value}"),
    "toml.date_with_time": (
        "{key} must be a date without a time, such as 2018-05-10",
        "{key} 应为不带时间的日期，如 2018-05-10",
    ),
    "toml.not_a_date": (
        "{key} is {value}; expected a date such as 2018-05-10",
        "{key} 为 {value}；应为 2018-05-10 这样的日期",
    ),
    "toml.bad_paragraph": (
        "{key} must be a paragraph (text) or {{heading = …}} / {{subheading = …}}, not {value}",
        "{key} 应为段落（文字）或 {{heading = …}} / {{subheading = …}}，而不是 {value}",
    ),
    "toml.excluded_reason": (
        "{key}: reason must be text, not {value}",
        "{key}：reason 应为文字，而不是 {value}",
    ),
    "toml.bad_excluded": (
        "{key} must be a name or {{name = …, reason = …}}",
        "{key} 应为名称或 {{name = …, reason = …}}",
    ),
    "toml.bad_column": (
        "{key} must be a figure or {{figure = …, heading = …, group = …}}",
        "{key} 应为数据项或 {{figure = …, heading = …, group = …}}",
    ),
    "toml.bad_levels": (
        "scoring.levels must be a list of level names, not {value}",
        "scoring.levels 应为级别名称的列表，而不是 {value}",
    ),
    "toml.no_points": (
        "missing scoring.points (points = {{ 市政府网 = 5 }}), or scoring.levels for adoptions by level without rules",
        "缺少 scoring.points（points = {{ 市政府网 = 5 }}），或只按级别统计采纳数而不计分时的 scoring.levels",
    ),
    "toml.needs_points": ("{key} needs scoring.points", "{key} 需要 scoring.points"),
    "toml.bad_points": (
        "scoring.points must be a table (level = points per adoption), not {value}",
        "scoring.points 应为表（级别 = 每条采纳的分值），而不是 {value}",
    ),
    "toml.empty_points": (
        "scoring.points is empty: give points per adoption ({{ 市政府网 = 5 }}), or leave points out to use supplied scores",
        "scoring.points 为空：请给出每条采纳的分值（{{ 市政府网 = 5 }}），或去掉 points 以使用所给的得分",
    ),
    "toml.points_unknown_level": (
        "points for {levels}, which scoring.levels lacks",
        "给出了 {levels} 的分值，但 scoring.levels 中没有这些级别",
    ),
    "toml.quota_items": (
        "quota.items must be a whole number, not {value}",
        "quota.items 应为整数，而不是 {value}",
    ),
    "toml.quota_counts": (
        'quota.counts is "submitted" or "adopted", not {value}',
        'quota.counts 应为 "submitted" 或 "adopted"，而不是 {value}',
    ),
    "toml.bad_data": (
        "data must be a file's path or a table, not {value}",
        "data 应为文件路径或表，而不是 {value}",
    ),
    "toml.sheet_outside_data": (
        "give the sheet inside data = {{ file = …, sheet = … }}",
        "请在 data = {{ file = …, sheet = … }} 中给出 sheet",
    ),
    "toml.bad_data_file": (
        "data.file must be the data file's path, not {value}",
        "data.file 应为数据文件的路径，而不是 {value}",
    ),
    "toml.unknown_figure": (
        "data.columns: {figure} is not a figure{hint} (known: {known}, level:NAME, each also with ytd_)",
        "data.columns：{figure} 不是数据项{hint}（已知：{known}、level:NAME，均可加 ytd_）",
    ),
    "toml.bad_heading": (
        "data.columns.{figure} must be the column's heading, not {value}",
        "data.columns.{figure} 应为该列的表头，而不是 {value}",
    ),
    "toml.bad_groups": (
        "attachment.groups must be a list of group names",
        "attachment.groups 应为类别名称的列表",
    ),
    "toml.attachment_title": (
        "the [attachment] table needs a title",
        "[attachment] 表需要标题（title）",
    ),
    "toml.bad_options": (
        "{key} must be a table of KEY = VALUE, not {value}",
        "{key} 应为 KEY = VALUE 的表，而不是 {value}",
    ),
    "toml.bad_option": (
        "{key} must be text, a number or true/false",
        "{key} 应为文字、数或 true/false",
    ),
    "toml.comparison_needs_data": (
        '{key} = true needs monthly counts in data = "…"',
        '{key} = true 需要 data = "…" 中按月的数据',
    ),
    "toml.bad_comparison": (
        "{key} must be a data file's path or true, not {value}",
        "{key} 应为数据文件的路径或 true，而不是 {value}",
    ),
    "toml.comparison_title": (
        "comparison.table must be the table's title (text)",
        "comparison.table 应为比较表的标题（文字）",
    ),
    "toml.table_against": (
        "table_against is previous or year_ago",
        "table_against 应为 previous 或 year_ago",
    ),
    "toml.year_start_late": (
        "year_start is after the period's first month",
        "year_start 晚于期间的第一个月",
    ),
    "toml.units_and_data": (
        "give the counts either inline as [[units]] or as data = …, not both",
        "数据请以 [[units]] 或 data = … 之一给出，不要两者都给",
    ),
    "toml.no_counts": (
        'no counts: add [[units]] tables, or data = "counts.csv" / "counts.xlsx"',
        '没有数据：请添加 [[units]] 表，或 data = "counts.csv" / "counts.xlsx"',
    ),
    "toml.sheet_with_units": (
        'sheet goes with data = "….xlsx", not with [[units]]',
        'sheet 应与 data = "….xlsx" 一起使用，而不是与 [[units]] 一起',
    ),
    "toml.bad_units": (
        "units must be [[units]] tables, not {value}",
        "units 应为 [[units]] 表，而不是 {value}",
    ),
    "toml.unit_not_table": (
        "unit {number} must be a table, not {value}",
        "第 {number} 个单位应为表，而不是 {value}",
    ),
    "toml.unit_missing": ("unit {number} is missing {keys}", "第 {number} 个单位缺少 {keys}"),
    "toml.unit_levels": (
        "unit {number}: levels must be a table: level = adoptions",
        "第 {number} 个单位：levels 应为表：级别 = 采纳数",
    ),
    "toml.invalid": ("not valid TOML: {reason}", "不是有效的 TOML：{reason}"),
    "toml.too_deep": (
        "not valid TOML: nested more than {limit} levels deep",
        "不是有效的 TOML：嵌套超过 {limit} 层",
    ),
    "toml.not_utf8": (
        "a notice file must be UTF-8 text (save it as UTF-8)",
        "通报文件应为 UTF-8 文本（请另存为 UTF-8）",
    ),
    "toml.no_side_period": ("{period} has no {side} period", "{period}没有{side}期间"),
    "toml.data_file_missing": ("data file {path} {why}", "数据文件 {path} {why}"),
    "toml.ytd_needs_monthly": (
        "year_to_date needs monthly counts (a 月份 column) or 累计 columns{has}",
        "year_to_date 需要按月的数据（月份列）或累计列{has}",
    ),
    "toml.comparison_needs_monthly": (
        "{key} = true needs monthly counts (a 月份 column){has}",
        "{key} = true 需要按月的数据（月份列）{has}",
    ),
}

ZH_TERMS: dict[str, str] = {
    "submitted": "报送数",
    "adopted": "采纳数",
    "quota": "任务数",
    "instructions": "批示数",
    "name": "名称",
    "group": "类别",
    "parent": "上级单位",
    "level": "级别",
    "title": "标题",
    "issuer": "发文机关署名",
    "date": "成文日期",
    "printed_date": "印发日期",
    "printed_by": "印发机关",
    "doc_number": "发文字号",
    "header": "版头",
    "note": "附注",
    "previous": "上期",
    "year_ago": "去年同期",
    "undefined_rate": "undefined_rate（无报送时的采纳率）",
    "the attachment title": "附件标题",
    "the comparison table title": "比较表标题",
    "notice file": "通报文件",
    "data file": "数据文件",
    "font file": "字体文件",
    "a folder": "文件夹",
    "a named pipe (FIFO)": "命名管道（FIFO）",
    "a device": "设备",
    "a socket": "套接字",
    "year": "年份",
    "month": "月份",
    "quarter": "季度",
    "half": "半年",
    "months": "月份区间",
    "year ago": "去年同期",
    "sealed": "印章（sealed）",
}
"""English words a parameter may hold (a field's name), as the Chinese messages say them."""
