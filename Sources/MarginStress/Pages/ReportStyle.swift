/// The style sheet every HTML report carries inline: system fonts only, cards on a light page, tabular numbers,
/// charts that scale with the page, and a print layout.
enum ReportStyle {
    static let css = """

        :root { --ink: #1f2937; --muted: #4b5563; --faint: #6b7280; --line: #e5e7eb; --paper: #f5f6f8; \
        --card: #ffffff; --accent: #2563eb; --warn: #b45309; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--paper); color: var(--ink); font-size: 15px; line-height: 1.55; \
        font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; }
        .page { max-width: 1060px; margin: 0 auto; padding: 36px 28px 56px; }
        .masthead { padding: 0 4px 8px; }
        .eyebrow { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; }
        h1 { margin: 6px 0 4px; font-size: 30px; line-height: 1.2; letter-spacing: -0.01em; }
        h2 { margin: 0 0 14px; font-size: 20px; letter-spacing: -0.005em; }
        h3 { margin: 24px 0 8px; font-size: 15px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
        .meta { margin: 0; color: var(--faint); font-size: 14px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 24px 28px; \
        margin: 20px 0; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.05); }
        .headline { display: grid; grid-template-columns: 1.25fr 1fr; gap: 28px; align-items: center; }
        .headline .label { margin: 0; font-size: 15px; font-weight: 600; color: var(--muted); }
        .headline .value { margin: 4px 0 8px; font-size: 60px; font-weight: 700; line-height: 1; color: var(--accent); \
        font-variant-numeric: tabular-nums; letter-spacing: -0.02em; }
        .headline .interval { margin: 2px 0; color: var(--muted); font-size: 14px; }
        .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px 22px; margin: 0; padding-left: 26px; \
        border-left: 1px solid var(--line); }
        .facts dt { font-size: 13px; color: var(--muted); }
        .facts dd { margin: 0; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .facts dd.detail { font-size: 12px; font-weight: 400; color: var(--faint); }
        .lead { margin: 0 0 16px; color: var(--muted); }
        .duo { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
        .duo .mode + .mode { padding-left: 26px; border-left: 1px solid var(--line); }
        .duo .label { margin: 0; font-size: 15px; font-weight: 600; color: var(--muted); }
        .duo .value { margin: 4px 0 8px; font-size: 48px; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
        .duo .cross .value { color: var(--accent); }
        .duo .isolated .value { color: #d97706; }
        .duo .interval { margin: 2px 0; color: var(--muted); font-size: 14px; }
        .duo .facts { margin-top: 16px; padding-left: 0; border-left: none; }
        .verdict { font-size: 17px; margin: 0 0 8px; }
        .range { display: block; color: var(--faint); font-size: 12px; }
        tr.now td { background: #eff6ff; font-weight: 600; }
        .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
        .stat { background: var(--paper); border-radius: 8px; padding: 10px 14px; }
        .stat span { display: block; font-size: 12px; color: var(--muted); }
        .stat strong { font-size: 19px; font-variant-numeric: tabular-nums; }
        table { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
        table.narrow { width: auto; min-width: 50%; }
        table.corr { width: auto; }
        table.corr td, table.corr th { text-align: center; min-width: 64px; }
        .table-wrap { overflow-x: auto; }
        th, td { padding: 7px 12px; border-bottom: 1px solid var(--line); text-align: right; }
        td { white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        thead th { font-size: 12px; font-weight: 600; color: var(--muted); line-height: 1.3; vertical-align: bottom; \
        border-bottom: 2px solid var(--line); }
        tbody tr:last-child td { border-bottom: none; }
        figure { margin: 10px 0 26px; }
        figure svg { display: block; width: 100%; height: auto; }
        figcaption { margin: 8px 4px 0; color: var(--muted); font-size: 14px; max-width: 78ch; }
        .quiet { color: var(--muted); font-size: 14px; }
        .callout { border-left: 5px solid var(--warn); background: #fffbeb; }
        .callout h2 { color: var(--warn); }
        .callout ul { margin: 0; padding-left: 20px; }
        .reproduce dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 22px; margin: 0 0 16px; font-size: 14px; }
        .reproduce dt { color: var(--muted); }
        .reproduce dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        pre { margin: 8px 0 14px; padding: 12px 16px; background: #111827; color: #e5e7eb; border-radius: 8px; \
        white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace; }
        @media (max-width: 780px) {
          .headline, .duo { grid-template-columns: 1fr; }
          .duo .mode + .mode { padding-left: 0; border-left: none; }
          .facts { padding-left: 0; border-left: none; }
          .page { padding: 20px 12px; }
          th, td { padding: 6px 8px; }
        }
        @media print {
          body { background: #fff; }
          .card { box-shadow: none; break-inside: avoid; }
        }

        """
}
