/// Regie's own stylesheet: calm, readable, high contrast (WCAG 2.1 AA), no web fonts, nothing
/// loaded from elsewhere. Served at ``SiteURL/stylesheet``.
public enum Stylesheet {
    public static let css = """
    :root {
      --text: #1a1a1a; --muted: #555; --line: #d0d4d9; --bg: #fff; --soft: #f3f5f7;
      --accent: #01689b; --accent-dark: #014a6e; --focus: #ffbf47;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      line-height: 1.55; color: var(--text); background: var(--bg);
    }
    * { box-sizing: border-box; }
    body { margin: 0; font-size: 1.0625rem; overflow-wrap: break-word; }
    .wrap { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
    a { color: var(--accent); text-underline-offset: 0.15em; }
    a:hover { color: var(--accent-dark); }
    a:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; background: var(--focus); color: #000; }
    .skiplink { position: absolute; left: -999px; top: 0; background: var(--focus); color: #000; padding: .5rem 1rem; z-index: 10; }
    .skiplink:focus { left: 0; }
    header.site { background: var(--accent); color: #fff; padding: .5rem 0; }
    header.site .brand { color: #fff; font-weight: 700; font-size: 1.35rem; text-decoration: none; margin-right: 1rem; }
    header.site .tagline { color: #e8f1f7; }
    footer.site { border-top: 1px solid var(--line); margin-top: 3rem; padding: 1rem 0; color: var(--muted); font-size: .9rem; }
    main { padding-bottom: 2rem; }
    h1 { font-size: 2rem; line-height: 1.2; margin: 1.25rem 0 .5rem; }
    h2 { font-size: 1.45rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
    h3 { font-size: 1.2rem; margin: 1.5rem 0 .4rem; }
    h4 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
    p, li { max-width: 48rem; }
    .lead { font-size: 1.15rem; }
    .muted { color: var(--muted); }
    .kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: .85rem; margin: 1rem 0 0; }
    .subtitle { font-size: 1.15rem; margin-top: 0; }
    .meta { color: var(--muted); }
    .crumbs ol { list-style: none; padding: 0; margin: .75rem auto 0; display: flex; flex-wrap: wrap; gap: .25rem; font-size: .95rem; }
    .crumbs li + li::before { content: "›"; margin: 0 .4rem; color: var(--muted); }
    .tabs ul { list-style: none; padding: 0; margin: .75rem 0 1rem; display: flex; flex-wrap: wrap; gap: .5rem; border-bottom: 2px solid var(--line); }
    .tabs a { display: inline-block; padding: .4rem .8rem; text-decoration: none; border: 1px solid var(--line); border-bottom: none; border-radius: 4px 4px 0 0; }
    .tabs a[aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }
    .badge { display: inline-block; font-size: .85rem; padding: .05rem .5rem; border-radius: 999px; background: var(--soft); border: 1px solid var(--line); color: var(--text); margin-left: .35rem; }
    .status-adopted, .status-inExecution { background: #e3f1e6; border-color: #8ac197; }
    .status-draft, .status-consultation { background: #fff4d6; border-color: #e0bf62; }
    .status-evaluated { background: #e8e8f4; border-color: #9e9ecb; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; }
    dl.facts dt { font-weight: 600; }
    dl.facts dd { margin: 0; }
    table { border-collapse: collapse; width: 100%; margin: 1rem 0 1.5rem; font-size: .98rem; }
    caption { text-align: left; font-weight: 600; padding: .25rem 0 .5rem; }
    th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid var(--line); }
    thead th { background: var(--soft); border-bottom: 2px solid var(--line); }
    td p, th p, td ul, th ul { margin: .2rem 0; }
    th p.muted { font-weight: normal; }
    table.summary td { border-bottom: 1px solid var(--line); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    table.summary tbody { border-top: 2px solid var(--line); }
    table.summary tbody th { width: 20%; }
    ul.plain { list-style: none; padding-left: 0; }
    ul.themes { padding-left: 1.25rem; }
    ul.themes li { margin-bottom: .5rem; }
    ul.columns { columns: 3 14rem; }
    section.goal, section.track, section.partner { border-left: 4px solid var(--line); padding-left: 1rem; margin: 1.25rem 0; }
    details { margin: .5rem 0; }
    nav.contents { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: .25rem 1.25rem .75rem; margin: 1rem 0 1.5rem; }
    nav.contents h2 { font-size: 1.1rem; border: none; margin: .75rem 0 .25rem; }
    nav.contents ol { columns: 2 16rem; margin: 0; }
    .chart svg { display: block; max-width: 100%; height: auto; margin: 1rem 0 .25rem; }
    .chart svg.chart-narrow { display: none; }
    @media (max-width: 43.75rem) { .chart svg.chart-wide { display: none; } .chart svg.chart-narrow { display: block; } }
    .statement p { margin: .35rem 0; }
    .notice { background: #fff4d6; border: 1px solid #e0bf62; border-radius: 4px; padding: .25rem 1rem; margin: 1rem 0; }
    table.figures caption { font-weight: 600; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    header.site .wrap { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; }
    nav.account { margin-left: auto; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
    nav.account a, nav.account .who { color: #fff; }
    nav.account button.logout { background: none; border: 1px solid #fff; color: #fff; padding: .15rem .6rem; border-radius: 4px; cursor: pointer; font: inherit; }
    form.inline { display: inline; }
    form.editor { max-width: 48rem; margin: 1rem 0 2rem; }
    form.narrow { max-width: 28rem; }
    .field { margin: 0 0 1.1rem; }
    .field label, fieldset.field legend { display: block; font-weight: 600; margin-bottom: .2rem; }
    .field input[type=text], .field input[type=password], .field input[type=date], .field select, .field textarea {
      width: 100%; font: inherit; padding: .45rem .55rem; border: 1px solid #6b6b6b; border-radius: 3px; background: #fff; color: var(--text); }
    .field textarea { resize: vertical; }
    fieldset.field { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .9rem .75rem; }
    .choice { display: flex; gap: .5rem; align-items: flex-start; margin: .2rem 0; }
    .choice input { margin-top: .35rem; width: 1.1rem; height: 1.1rem; }
    .choice label { font-weight: normal; }
    .hint { color: var(--muted); margin: 0 0 .3rem; font-size: .95rem; }
    .field.invalid { border-left: 4px solid #b00020; padding-left: .75rem; }
    .field-error { color: #b00020; font-weight: 600; margin: 0 0 .3rem; }
    .error-summary { border: 3px solid #b00020; border-radius: 4px; padding: .25rem 1rem; margin: 1rem 0; }
    .error-summary h2 { font-size: 1.15rem; border: none; margin: .5rem 0; }
    .notice.success { background: #e3f1e6; border-color: #8ac197; }
    .notice.example-data { border-width: 2px; padding: .4rem 1rem; }
    .badge.example-data { background: #fff4d6; border-color: #e0bf62; }
    /* Running the plan: statuses carry their words; colour and border only support them. */
    .badge.track-on, .badge.progress-done { background: #e3f1e6; border-color: #2e7d32; }
    .badge.track-attention, .badge.progress-delayed { background: #fff4d6; border-color: #b35900; }
    .badge.track-off, .badge.progress-dropped { background: #fde7e9; border-color: #b00020; border-width: 2px; }
    .badge.track-none { background: #fff; border-style: dashed; }
    .inline-list { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
    .big-figure { font-size: 2rem; font-weight: 700; margin: .25rem 0; }
    .warning { color: #8a1c1c; font-weight: 600; }
    ol.history { padding-left: 1.2rem; }
    ol.history > li { margin-bottom: .75rem; }
    .indicator-status { margin-bottom: 2rem; }
    .sources p.source { margin: .25rem 0; }
    button.primary, a.button { display: inline-block; background: var(--accent); color: #fff; border: 2px solid var(--accent); border-radius: 4px; padding: .45rem 1.1rem; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; min-height: 44px; }
    button.primary:hover, a.button:hover { background: var(--accent-dark); color: #fff; }
    button.secondary { background: #fff; color: var(--accent); border: 2px solid var(--accent); border-radius: 4px; padding: .4rem 1rem; font: inherit; cursor: pointer; }
    button.danger, a.danger { color: #b00020; }
    button.danger { background: #fff; border: 2px solid #b00020; border-radius: 4px; padding: .45rem 1.1rem; font: inherit; font-weight: 600; cursor: pointer; }
    button.link-button { background: none; border: none; color: var(--accent); text-decoration: underline; font: inherit; cursor: pointer; padding: 0 .25rem; min-height: 24px; }
    button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    div.button-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin-top: 1rem; }
    ol.parts li { margin: .35rem 0; }
    .part-actions { margin-left: .75rem; font-size: .95rem; }
    .part-actions a { margin-left: .25rem; }
    .edit-link { font-size: .9rem; margin: .25rem 0; }
    nav.sections ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .5rem 0 1rem; }
    nav.sections a[aria-current] { font-weight: 700; text-decoration: none; }
    ol.parts li.saved { background: #eef7ee; }
    section.editor-list { border-top: 1px solid var(--line); margin-top: 1.5rem; }
    form.add { margin: .5rem 0 1.5rem; max-width: 36rem; }
    td.pre, span.pre { white-space: pre-wrap; }
    .secret { font-family: ui-monospace, monospace; font-size: 1.1rem; word-break: break-all; }
    ol.steps { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
    ol.steps li + li::before { content: "→"; margin-right: .5rem; color: var(--muted); }
    nav.toolbar ul, nav.menu ul, nav.pager ul { list-style: none; padding: 0; margin: .25rem 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
    nav.toolbar a { font-weight: 600; }
    nav.menu a { color: #fff; font-weight: 600; }
    nav.pager { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
    .plan-header h1 { margin-top: 1rem; }
    .plan-header .meta { margin: .25rem 0; }
    .plan-header.compact .meta, .plan-header.compact nav.toolbar { display: inline-block; margin-right: 1.25rem; }
    .plan-header.compact h1 { font-size: 1.6rem; margin-bottom: .25rem; }
    nav.tabs + h2, nav.tabs + section > h2:first-child { margin-top: 1rem; }
    .table-scroll { overflow-x: auto; margin: 1rem 0 1.5rem; position: relative; } /* contains visually hidden link texts, which would otherwise widen the page */
    .table-scroll > table { margin: 0; }
    .table-scroll:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    /* Phones and narrow windows (WCAG 1.4.10): one column, less padding; wide tables scroll in their own box. */
    @media (max-width: 40rem) {
      .wrap { padding: 0 1rem; }
      h1 { font-size: 1.6rem; }
      .plan-header.compact h1 { font-size: 1.4rem; }
      h2 { font-size: 1.3rem; }
      header.site .tagline { display: none; }
      nav.account { margin-left: 0; }
      dl.facts { grid-template-columns: 1fr; gap: 0; }
      dl.facts dd { margin-bottom: .5rem; }
      th, td { padding: .4rem .45rem; }
      table.summary tbody th { width: auto; }
      table.actions, table.summary { min-width: 36rem; }
      .tabs a { padding: .35rem .6rem; }
      section.goal, section.track, section.partner { padding-left: .6rem; }
      nav.contents { padding: .25rem .75rem .5rem; }
    }
    @media print {
      header.site, .tabs, .skiplink, footer.site, nav.toolbar, nav.pager, nav.crumbs, form.inline { display: none; }
      .table-scroll { overflow: visible; }
      table.actions, table.summary { min-width: 0; }
      a { color: inherit; text-decoration: none; }
      .wrap { max-width: none; padding: 0; }
      table { font-size: .8rem; page-break-inside: auto; }
      tr { page-break-inside: avoid; }
      th, td { padding: .25rem .35rem; overflow-wrap: anywhere; hyphens: auto; }
      p, li { max-width: none; }
      .chart svg.chart-wide { display: block; width: 100%; } .chart svg.chart-narrow { display: none; }
    }
    """
}
