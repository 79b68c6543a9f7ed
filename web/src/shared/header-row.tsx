/** A table's column headers from their labels. */
export function HeaderRow({ labels }: { labels: string[] }) {
  return (
    <tr>
      {labels.map((l) => (
        <th scope="col" key={l}>
          {l}
        </th>
      ))}
    </tr>
  );
}
