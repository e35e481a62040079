export function NoAgency() {
  return (
    <section className="rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">代理工作台</h1>
      <p role="alert" className="mt-2 text-amber-900">
        您还不是任何旅行社的在职成员。请使用旅行社负责人发给您的邀请链接加入。
      </p>
    </section>
  );
}
