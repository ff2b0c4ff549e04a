// The legend's swatches: each type drawn in its node's shape as well as its colour (colour alone
// fails a colour-blind reader and a greyscale print). The vertices follow vis-network's drawing.
// Both explorer pages (kg viz, kg serve's /explore) have it written in.
const SVG = "http://www.w3.org/2000/svg";
function ring(n, turn, radius, inner) {  // n vertices (2n when `inner` alternates a radius) around (10, 10)
  const step = inner ? n * 2 : n;
  return [...Array(step).keys()].map((i) => {
    const a = turn + 2 * Math.PI * i / step, r = inner && i % 2 ? inner : radius;
    return (10 + r * Math.cos(a)).toFixed(2) + "," + (10 + r * Math.sin(a)).toFixed(2);
  }).join(" ");
}
const UP = -Math.PI / 2;
const SHAPES = { diamond: ring(4, UP, 9), square: ring(4, Math.PI / 4, 10), triangle: ring(3, UP, 9),
                 triangleDown: ring(3, -UP, 9), hexagon: ring(6, 0, 9), star: ring(5, UP, 9.5, 3.7) };
function swatch(t) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 20 20"); svg.setAttribute("class", "swatch"); svg.dataset.shape = t.shape;
  const mark = document.createElementNS(SVG, SHAPES[t.shape] ? "polygon" : "circle");
  if (SHAPES[t.shape]) mark.setAttribute("points", SHAPES[t.shape]);
  else { mark.setAttribute("cx", "10"); mark.setAttribute("cy", "10"); mark.setAttribute("r", "8"); }
  mark.setAttribute("fill", t.color);
  svg.appendChild(mark);
  return svg;
}
