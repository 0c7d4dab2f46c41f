--[[
berichte (before Quarto's own filters): markup as the built-in engine of berichte writes it.
  * HTML: callouts as <div class="callout callout-note"><p class="callout-title">…</p><div class="callout-body">,
    styled by report.css (Quarto's minimal HTML would make them block quotes),
  * tables without fixed column widths (pandoc derives them from long pipe-table lines).
]]

local TITLES = { note = "Hinweis", tip = "Tipp", warning = "Warnung", important = "Wichtig", caution = "Vorsicht" }

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind ~= nil and TITLES[kind] ~= nil then
      return kind
    end
  end
  return nil
end

local function escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local blocks_filter = {}

local function callout_html(kind, title, content)
  local blocks = pandoc.List({ pandoc.RawBlock("html", '<div class="callout callout-' .. kind ..
    '" role="note"><p class="callout-title">' .. escape(title) .. '</p><div class="callout-body">') })
  if pandoc.utils.type(content) == "Block" then
    blocks:insert(content)
  else
    blocks:extend(content)
  end
  blocks:insert(pandoc.RawBlock("html", "</div></div>"))
  return blocks
end

if quarto.doc.is_format("html") then
  -- Quarto (1.4 and later) hands callouts to filters as Callout elements
  function blocks_filter.Callout(el)
    local kind = el.type or "note"
    if TITLES[kind] == nil then
      kind = "note"
    end
    local title = el.title ~= nil and pandoc.utils.stringify(el.title) or ""
    if title == "" then
      title = TITLES[kind]
    end
    return pandoc.Div(callout_html(kind, title, el.content or pandoc.Blocks({})))
  end

  function blocks_filter.Div(div)
    local kind = callout_kind(div)
    if kind == nil then
      return nil
    end
    local title = div.attributes["title"] or TITLES[kind]
    local content = div.content
    if #content > 0 and content[1].t == "Header" and div.attributes["title"] == nil then
      title = pandoc.utils.stringify(content[1])
      content = content:slice(2)
    end
    return callout_html(kind, title, content)
  end
end

function blocks_filter.Table(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], nil }
  end
  return tbl
end

return { blocks_filter }
