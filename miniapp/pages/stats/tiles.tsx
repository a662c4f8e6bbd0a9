/** A row of figure tiles (受理 / 办结 …, 热线工单 …): each a big number over its label, green or red when it says so. */
export type Tile = [label: string, value: string, tone: '' | 'green' | 'red'];

export function Tiles(props: { tiles: Tile[]; testid: string }) {
  return (
    <div class="lb-st-tiles" data-testid={props.testid}>
      {props.tiles.map((x) => (
        <div key={x[0]} class={'lb-st-tile' + (x[2] ? ' lb-st-tile--' + x[2] : '')}>
          <b>{x[1]}</b>
          <span>{x[0]}</span>
        </div>
      ))}
    </div>
  );
}
