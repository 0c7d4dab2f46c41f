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

if quarto.doc.is_format("html") then
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
    local blocks = pandoc.List({ pandoc.RawBlock("html", '<div class="callout callout-' .. kind ..
      '" role="note"><p class="callout-title">' .. escape(title) .. '</p><div class="callout-body">') })
    blocks:extend(content)
    blocks:insert(pandoc.RawBlock("html", "</div></div>"))
    return blocks
  end
end

function blocks_filter.Table(tbl)
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], nil }
  end
  return tbl
end

return { blocks_filter }
