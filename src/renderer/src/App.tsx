export function App() {
  return (
    <main>
      <h1>xmlpool</h1>
      <p>Drop XML files or folders here.</p>
    </main>
  );
}
