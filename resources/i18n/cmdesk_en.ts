<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name></name>
    <message>
        <source>出错了</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>程序遇到一个意外错误，刚才的操作可能没有完成。
已保存的数据不受影响。错误已记录在日志中。

{error}</source>
        <translation>The program hit an unexpected error; the last action may not have finished.
Saved data is not affected. The error has been logged.

{error}</translation>
    </message>
    <message>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>本版本没有演示数据生成器，将从空白开始。</source>
        <translation>This version has no demo data generator; starting empty.</translation>
    </message>
    <message>
        <source>载入演示数据</source>
        <translation>Loading demo data</translation>
    </message>
    <message>
        <source>正在生成 {n} 个演示客户…</source>
        <translation>Generating {n} demo clients…</translation>
    </message>
    <message>
        <source>演示数据生成失败：{error}</source>
        <translation>Demo data could not be generated: {error}</translation>
    </message>
    <message>
        <source>数据库文件已损坏</source>
        <translation>Database file damaged</translation>
    </message>
    <message>
        <source>工作台缺少必需的文件，程序没有新建或改动任何文件。</source>
        <translation>The desk is missing a required file. No file was created or changed.</translation>
    </message>
    <message>
        <source>工作台的数据库文件已损坏（可能是断电、磁盘故障或程序被强行关闭）。程序没有改动这个文件。</source>
        <translation>The desk&apos;s database file is damaged (possibly a power cut, a disk fault or a forced shutdown). The file was not changed.</translation>
    </message>
    <message>
        <source>损坏的文件已另存一份在：
{path}</source>
        <translation>A copy of the damaged file was kept at:
{path}</translation>
    </message>
    <message>
        <source>没有找到可用的备份。请联系总行，从上报的数据恢复。</source>
        <translation>No usable backup was found. Please contact head office to restore from the data you reported.</translation>
    </message>
    <message>
        <source>最近的完好备份：{backup}</source>
        <translation>Newest good backup: {backup}</translation>
    </message>
    <message>
        <source>从这份备份恢复：{lost}。</source>
        <translation>Restoring from this backup: {lost}.</translation>
    </message>
    <message>
        <source>恢复前会先把现在的文件另存，不会删除任何文件。</source>
        <translation>The current file is kept as a copy first; no file is deleted.</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>错误：{error}</source>
        <translation>Error: {error}</translation>
    </message>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open database</translation>
    </message>
    <message>
        <source>无法打开客户经理工作台的数据库。

{error}</source>
        <translation>The Customer Manager Desk database cannot be opened.

{error}</translation>
    </message>
    <message>
        <source>正在从备份恢复…</source>
        <translation>Restoring from backup…</translation>
    </message>
    <message>
        <source>加密数据库</source>
        <translation>Encrypt database</translation>
    </message>
    <message>
        <source>正在备份并加密数据库…</source>
        <translation>Backing up and encrypting the database…</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>自动备份没有完成：{error}</source>
        <translation>Automatic backup did not finish: {error}</translation>
    </message>
    <message>
        <source>完整性检查</source>
        <translation>Integrity check</translation>
    </message>
    <message>
        <source>每周的数据库完整检查发现问题：{problems}

请到“设置 → 备份与安全”从最近的备份恢复，或联系总行。</source>
        <translation>The weekly database integrity check found problems: {problems}

Restore the newest backup in Settings → Backup and security, or contact head office.</translation>
    </message>
    <message>
        <source>重新启动</source>
        <translation>Restart</translation>
    </message>
    <message>
        <source>{note}
工作台将重新启动。</source>
        <translation>{note}
The desk will restart.</translation>
    </message>
    <message>
        <source>cmdesk 客户经理工作台</source>
        <translation>cmdesk Customer Manager Desk</translation>
    </message>
    <message>
        <source>工作台已在运行（{path}），已切换到已打开的窗口。</source>
        <translation>The desk is already running ({path}); switched to the open window.</translation>
    </message>
    <message>
        <source>已从备份恢复：{clients} 个客户，{entries} 条日志</source>
        <translation>Restored from backup: {clients} clients, {entries} diary entries</translation>
    </message>
    <message>
        <source>数据库已升级；升级前的备份：{path}</source>
        <translation>Database upgraded; backup before the upgrade: {path}</translation>
    </message>
    <message>
        <source>启动检查完成：数据库完好（{seconds:.1f} 秒）</source>
        <translation>Start-up check done: database intact ({seconds:.1f} s)</translation>
    </message>
    <message>
        <source>错误：启动检查发现数据库文件已损坏：{problem}</source>
        <translation>Error: the start-up check found the database file damaged: {problem}</translation>
    </message>
    <message>
        <source>启动时的完整性检查发现数据库文件已损坏：{problem}

为了不丢失更多数据，工作台将关闭这个文件，并提供从最近的完好备份恢复。</source>
        <translation>The start-up integrity check found the database file damaged: {problem}

To avoid losing more data, the desk will close this file and offer to restore the newest good backup.</translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>“{name}”有未保存的修改。要保存吗？</source>
        <translation>“{name}” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>有 {n} 处需要改正，{noun}尚未保存。</source>
        <translation>{n} problem(s) to correct; {noun} not saved yet.</translation>
    </message>
    <message>
        <source>未保存：请先改正标红的字段</source>
        <translation>Not saved: correct the fields marked in red</translation>
    </message>
    <message>
        <source>{amount} 元</source>
        <translation>CNY {amount}</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>证件/代码</source>
        <translation>ID / code</translation>
    </message>
    <message>
        <source>&lt;b&gt;{label}&lt;/b&gt;：{value}</source>
        <translation>&lt;b&gt;{label}&lt;/b&gt;: {value}</translation>
    </message>
    <message>
        <source>{number}、{title}</source>
        <translation>{number}. {title}</translation>
    </message>
    <message>
        <source>一二三四五六七八九</source>
        <translation>123456789</translation>
    </message>
    <message>
        <source>客户关系战略计划书_{client}_{year}.pdf</source>
        <translation>Relationship_strategy_plan_{client}_{year}.pdf</translation>
    </message>
    <message>
        <source>战略计划书预览</source>
        <translation>Strategy plan preview</translation>
    </message>
    <message>
        <source>正在生成战略计划书…</source>
        <translation>Generating the strategy plan…</translation>
    </message>
    <message>
        <source>产品代码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <source>产品类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>适用客户</source>
        <translation>For clients</translation>
    </message>
    <message>
        <source>参考价格</source>
        <translation>Reference price</translation>
    </message>
    <message>
        <source>利率/费率区间</source>
        <translation>Rate / fee range</translation>
    </message>
    <message>
        <source>期限选项</source>
        <translation>Terms</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>起点金额</source>
        <translation>Minimum amount</translation>
    </message>
    <message>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>收益计算方式</source>
        <translation>Income basis</translation>
    </message>
    <message>
        <source>净息差</source>
        <translation>Net interest margin</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>在售</source>
        <translation>On sale</translation>
    </message>
    <message>
        <source>已停用（旧方案仍可查看）</source>
        <translation>Retired (earlier proposals still show it)</translation>
    </message>
    <message>
        <source>预计年收益：{formula}</source>
        <translation>Expected annual income: {formula}</translation>
    </message>
    <message>
        <source>{product}（{risk_level}）</source>
        <translation>{product} ({risk_level})</translation>
    </message>
    <message>
        <source>{product}（已停用）</source>
        <translation>{product} (retired)</translation>
    </message>
    <message>
        <source>服务方案预览</source>
        <translation type="vanished">Proposal preview</translation>
    </message>
    <message>
        <source>无客户</source>
        <translation>No client</translation>
    </message>
    <message>
        <source>访客报告_{client}_{date}.pdf</source>
        <translation>Visit_report_{client}_{date}.pdf</translation>
    </message>
    <message>
        <source>访客报告预览</source>
        <translation>Visit report preview</translation>
    </message>
    <message>
        <source>正在生成访客报告…</source>
        <translation>Generating the visit report…</translation>
    </message>
    <message>
        <source>&lt;b&gt;客户提的要求&lt;/b&gt;变成督办事项，在“督办事项”中跟进到答复客户为止。</source>
        <translation>&lt;b&gt;What the client asks for&lt;/b&gt; becomes a follow-up, chased in “Follow-ups” until the client has an answer.</translation>
    </message>
    <message>
        <source>&lt;b&gt;客户的事记进档案&lt;/b&gt;：“客户档案”中查找客户（Ctrl+F），联系人、授信、需求等逐页填写；新客户按 Ctrl+N 建立，已有的 Excel 名单可一次导入。</source>
        <translation>&lt;b&gt;Keep the client&apos;s facts in the file&lt;/b&gt;: find the client in “Clients” (Ctrl+F) and fill in contacts, credit lines, needs page by page; Ctrl+N starts a new client, and an existing Excel list can be imported in one go.</translation>
    </message>
    <message>
        <source>&lt;b&gt;按总行要求&lt;/b&gt;在“数据交换”中导出加密数据包（U 盘），导入总行发来的数据包。</source>
        <translation>&lt;b&gt;As head office requires&lt;/b&gt;, export an encrypted package (USB drive) in “Exchange” and import the packages head office sends.</translation>
    </message>
    <message>
        <source>&lt;b&gt;早上看“今日”&lt;/b&gt;（Ctrl+1）：今天的计划事项、该联系的客户、到期的督办事项和贷款，双击一行直接打开。</source>
        <translation>&lt;b&gt;Start the morning on “Today”&lt;/b&gt; (Ctrl+1): today&apos;s plan, clients to contact, follow-ups and loans due; double-click a line to open it.</translation>
    </message>
    <message>
        <source>&lt;b&gt;有业务机会&lt;/b&gt;时在“服务方案”中拟方案、测算收益、报批，打印给客户的方案资料。</source>
        <translation>&lt;b&gt;When there is a business opportunity&lt;/b&gt;, draft a proposal in “Proposals”, estimate the income, get approval and print the client pack.</translation>
    </message>
    <message>
        <source>&lt;b&gt;每周一&lt;/b&gt;在“计划”中排本周计划，周末标记完成情况，打印周工作计划（Ctrl+P）交主管。</source>
        <translation>&lt;b&gt;Every Monday&lt;/b&gt; plan the week in “Plans”; at the week&apos;s end mark what was done and print the weekly plan (Ctrl+P) for your supervisor.</translation>
    </message>
    <message>
        <source>&lt;b&gt;离开座位&lt;/b&gt;按 Ctrl+L 锁定；下班关闭工作台时自动备份。</source>
        <translation>&lt;b&gt;Leaving your desk?&lt;/b&gt; Press Ctrl+L to lock; closing the desk at the end of the day backs it up.</translation>
    </message>
    <message>
        <source>&lt;b&gt;见客户、打电话后马上记日志&lt;/b&gt;：在“工作日志”按 Ctrl+N 新建，选客户、勾见到的人，写内容和下一步；走访时填访客报告。</source>
        <translation>&lt;b&gt;Record the diary right after a meeting or call&lt;/b&gt;: in “Diary” press Ctrl+N, choose the client, tick the people met, write what happened and the next step; fill in the visit report for a visit.</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel file (*.xlsx)</translation>
    </message>
    <message>
        <source>{checked}。点“导入”写入。</source>
        <translation>{checked}. Click “Import” to write them.</translation>
    </message>
    <message>
        <source>使用帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>保存导入模板</source>
        <translation>Save import template</translation>
    </message>
    <message>
        <source>保存模板…</source>
        <translation>Save template…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>写出一个带表头和填写说明的空白导入模板</source>
        <translation>Write an empty import template with headers and instructions</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>尚未选择文件</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <source>开发版</source>
        <translation>development version</translation>
    </message>
    <message>
        <source>打开工作台</source>
        <translation type="vanished">Open desk</translation>
    </message>
    <message>
        <source>文件类型(&amp;T)：</source>
        <translation>Files of &amp;type:</translation>
    </message>
    <message>
        <source>无法读取文件：{message}</source>
        <translation>Cannot read the file: {message}</translation>
    </message>
    <message>
        <source>查找范围(&amp;L)：</source>
        <translation>Look &amp;in:</translation>
    </message>
    <message>
        <source>检查文件</source>
        <translation>Check file</translation>
    </message>
    <message>
        <source>模板已保存：{path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <source>正在导入 {name}…</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <source>正在打开工作台…</source>
        <translation>Opening the desk…</translation>
    </message>
    <message>
        <source>正在检查 {name}…</source>
        <translation>Checking {name}…</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>选择文件后会先检查，不会写入任何数据。</source>
        <translation>A chosen file is checked first; nothing is written.</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
</context>
<context>
    <name>AppLock</name>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>锁定工作台（Ctrl+L）：离开座位时隐藏客户资料，凭密码解锁</source>
        <translation>Lock the desk (Ctrl+L): hides client data while you are away; unlock with your password</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>批复日期</source>
        <translation>Approval date</translation>
    </message>
    <message>
        <source>如 厦分行立项〔2026〕12号</source>
        <translation>e.g. XM-Project [2026] No. 12</translation>
    </message>
    <message>
        <source>请按领导的批复录入；审批人不能是客户经理本人。</source>
        <translation>Enter the approval as issued; the approver cannot be the customer manager.</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>审批人职务</source>
        <translation>Approver&apos;s position</translation>
    </message>
    <message>
        <source>批复文号</source>
        <translation>Approval document no.</translation>
    </message>
    <message>
        <source>说明（可不填）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AssessmentPage</name>
    <message>
        <source> 年</source>
        <translation> </translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>预览 PDF…</source>
        <translation>Preview PDF…</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>实际</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>完成率</source>
        <translation>Completion</translation>
    </message>
    <message>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>定量考核（取自工作任务书）</source>
        <translation>Quantitative assessment (from the task book)</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>所在部门评价得分</source>
        <translation>Department evaluation score</translation>
    </message>
    <message>
        <source>内部业务管理得分</source>
        <translation>Internal management score</translation>
    </message>
    <message>
        <source>定性考核、部门评价与内部管理</source>
        <translation>Qualitative assessment, department evaluation and internal management</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>添加加减分</source>
        <translation>Add adjustment</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected row</translation>
    </message>
    <message>
        <source>加分与扣分（每行写明原因）</source>
        <translation>Bonuses and deductions (a reason on every row)</translation>
    </message>
    <message>
        <source>本期工作完成情况、存在的不足和下期打算</source>
        <translation>Work done this period, shortcomings, and plans for the next</translation>
    </message>
    <message>
        <source>述职</source>
        <translation>Self-review</translation>
    </message>
    <message>
        <source>综合考评分 {total}&#x3000;·&#x3000;{grade}&#x3000;·&#x3000;{stars}</source>
        <translation>Total score {total}  ·  {grade}  ·  {stars}</translation>
    </message>
    <message>
        <source>定量得分 {quantitative}&#x3000;·&#x3000;待评：填写定性、部门评价和内部管理得分并保存后，计算综合考评分、考核等次和星级</source>
        <translation>Quantitative score {quantitative}&#x3000;·&#x3000;Not yet assessed: enter and save the qualitative, department and internal-management scores to get the total, grade and stars</translation>
    </message>
    <message>
        <source>{status}（{by}，{day}）：{grade}，复评分 {total}，{stars}。{opinion}</source>
        <translation>{status} ({by}, {day}): {grade}, reviewed score {total}, {stars}. {opinion}</translation>
    </message>
    <message>
        <source>考核表_{name}_{year}_{period}.pdf</source>
        <translation>Assessment_{name}_{year}_{period}.pdf</translation>
    </message>
    <message>
        <source>考核表预览</source>
        <translation>Assessment preview</translation>
    </message>
    <message>
        <source>正在生成考核表…</source>
        <translation>Generating the assessment…</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>日志</source>
        <translation>Entries</translation>
    </message>
    <message>
        <source>加密</source>
        <translation>Encrypted</translation>
    </message>
    <message>
        <source>备份与安全</source>
        <translation>Backup and security</translation>
    </message>
    <message>
        <source>工作台在关闭时、以及有改动时每 30 分钟自动备份；导入、移交、恢复、修改密码之前也会备份。每份备份都经过完整性检查，并与数据库一样加密。</source>
        <translation>The desk backs up on closing and every 30 minutes while data changes, and before any import, handover, restore or password change. Every backup is integrity-checked and encrypted like the database.</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>恢复…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>未设置（建议选另一块磁盘或U盘上的文件夹）</source>
        <translation>Not set (best a folder on another disk or a USB drive)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>不使用</source>
        <translation>Don&apos;t use</translation>
    </message>
    <message>
        <source>第二备份文件夹</source>
        <translation>Second backup folder</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>不自动锁定</source>
        <translation>Never lock automatically</translation>
    </message>
    <message>
        <source>无操作自动锁定</source>
        <translation>Lock after idle</translation>
    </message>
    <message>
        <source>保存备份与锁定设置</source>
        <translation>Save backup and lock settings</translation>
    </message>
    <message>
        <source>当前密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再输入一次</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>设置密码</source>
        <translation>Set password</translation>
    </message>
    <message>
        <source>修改密码会用新密码重新加密数据库（之前先备份）；以前的备份仍用当时的密码打开。</source>
        <translation>Changing the password re-encrypts the database with the new one (after a backup); older backups still open with the password of their time.</translation>
    </message>
    <message>
        <source>这个工作台还没有加密。设置密码后数据库和备份都会加密，工作台随后重新启动。</source>
        <translation>This desk is not encrypted yet. Once a password is set, the database and backups are encrypted and the desk restarts.</translation>
    </message>
    <message>
        <source>设置密码并加密</source>
        <translation>Set password and encrypt</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>正在备份并检查…</source>
        <translation>Backing up and checking…</translation>
    </message>
    <message>
        <source>备份没有完成：{error}</source>
        <translation>Backup did not finish: {error}</translation>
    </message>
    <message>
        <source>；另存一份在 {path}</source>
        <translation>; a copy kept in {path}</translation>
    </message>
    <message>
        <source>已备份并通过完整性检查：{text}{copies}</source>
        <translation>Backed up and integrity-checked: {text}{copies}</translation>
    </message>
    <message>
        <source>已备份</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>用这份备份替换现在的数据库？

{backup}

恢复之前会先把当前的数据库备份一份，之后改动的记录可从那份备份找回。恢复完成后工作台会重新启动。</source>
        <translation>Replace the current database with this backup?

{backup}

The current database is backed up first, so later changes can be recovered from that copy. The desk restarts after the restore.</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>备份的密码</source>
        <translation>Backup password</translation>
    </message>
    <message>
        <source>这份备份已加密，请输入备份时的工作台密码：</source>
        <translation>This backup is encrypted. Enter the desk password of the time it was made:</translation>
    </message>
    <message>
        <source>工作台密码</source>
        <translation>Desk password</translation>
    </message>
    <message>
        <source>请输入工作台现在的密码（恢复前要先备份当前数据库）：</source>
        <translation>Enter the desk&apos;s current password (the current database is backed up before the restore):</translation>
    </message>
    <message>
        <source>正在备份当前数据库并恢复…</source>
        <translation>Backing up the current database and restoring…</translation>
    </message>
    <message>
        <source>没有恢复：{error}</source>
        <translation>Not restored: {error}</translation>
    </message>
    <message>
        <source>已从备份恢复：{clients} 个客户，{entries} 条日志。</source>
        <translation>Restored from backup: {clients} clients, {entries} diary entries.</translation>
    </message>
    <message>
        <source>选择第二备份文件夹</source>
        <translation>Choose the second backup folder</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{field}：{problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>备份与锁定设置已保存</source>
        <translation>Backup and lock settings saved</translation>
    </message>
    <message>
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords do not match</translation>
    </message>
    <message>
        <source>正在备份并重新加密数据库…</source>
        <translation>Backing up and re-encrypting the database…</translation>
    </message>
    <message>
        <source>已设置密码，数据库和备份已加密。</source>
        <translation>Password set; the database and backups are encrypted.</translation>
    </message>
    <message>
        <source>密码已修改（修改前已备份）</source>
        <translation>Password changed (backed up first)</translation>
    </message>
    <message>
        <source>正在备份并加密数据库…</source>
        <translation>Backing up and encrypting the database…</translation>
    </message>
</context>
<context>
    <name>BatchPdfDialog</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已取消，没有生成文件。</source>
        <translation>Cancelled; no file was made.</translation>
    </message>
</context>
<context>
    <name>CadenceBox</name>
    <message>
        <source>联系频率</source>
        <translation>Contact frequency</translation>
    </message>
    <message>
        <source>每个等级的客户至少多少天联系一次（走访、电话、会议、贷后检查都算联系），范围 {low}–{high} 天。今日页据此提示逾期和即将到期的客户。</source>
        <translation>The most days allowed between two contacts with a client of each tier (visits, calls, meetings and post-loan checks all count), {low}–{high} days. Today flags overdue and upcoming contacts from this.</translation>
    </message>
    <message>
        <source>保存联系频率</source>
        <translation>Save contact frequency</translation>
    </message>
    <message>
        <source>客户等级</source>
        <translation>Client tier</translation>
    </message>
    <message>
        <source>联系间隔</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>天</source>
        <translation>days</translation>
    </message>
    <message>
        <source>未保存：请改正标红的天数</source>
        <translation>Not saved: correct the days marked in red</translation>
    </message>
    <message>
        <source>联系频率已保存</source>
        <translation>Contact frequency saved</translation>
    </message>
</context>
<context>
    <name>CatalogueBrowser</name>
    <message>
        <source>产品代码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <source>产品名称</source>
        <translation>Product name</translation>
    </message>
    <message>
        <source>产品类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>适用客户</source>
        <translation>For clients</translation>
    </message>
    <message>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>收益计算方式</source>
        <translation>Income basis</translation>
    </message>
    <message>
        <source>参考价格</source>
        <translation>Reference price</translation>
    </message>
    <message>
        <source>起点金额（元）</source>
        <translation>Minimum (CNY)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>搜索产品名称、代码或类别</source>
        <translation>Search product name, code or category</translation>
    </message>
    <message>
        <source>显示已停用</source>
        <translation>Show retired</translation>
    </message>
    <message>
        <source>从文件替换目录…</source>
        <translation>Replace catalogue from file…</translation>
    </message>
    <message>
        <source>读取 JSON 或 Excel 产品目录；先检查全部行，有错误则整个文件不导入；新目录中没有的产品标记为停用</source>
        <translation>Reads a JSON or Excel product catalogue; every row is checked first and nothing is imported if any row is wrong; products missing from the new catalogue are retired</translation>
    </message>
    <message>
        <source>导出模板…</source>
        <translation>Export template…</translation>
    </message>
    <message>
        <source>在售</source>
        <translation>On sale</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>选择产品目录文件</source>
        <translation>Choose a product catalogue file</translation>
    </message>
    <message>
        <source>产品目录 (*.json *.xlsx)</source>
        <translation>Product catalogue (*.json *.xlsx)</translation>
    </message>
    <message>
        <source>替换产品目录</source>
        <translation>Replace product catalogue</translation>
    </message>
    <message>
        <source>……另有 {n} 处问题</source>
        <translation>… and {n} more problems</translation>
    </message>
    <message>
        <source>文件未导入，目录没有改变。请修改以下问题：
</source>
        <translation>File not imported; the catalogue is unchanged. Please fix these problems:
</translation>
    </message>
    <message>
        <source>文件未导入：{e}</source>
        <translation>File not imported: {e}</translation>
    </message>
    <message>
        <source>将停用：{products}</source>
        <translation>To be retired: {products}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>文件检查通过：{d}
确定替换吗？</source>
        <translation>File checked: {d}
Replace the catalogue?</translation>
    </message>
    <message>
        <source>产品目录已替换：{s}</source>
        <translation>Product catalogue replaced: {s}</translation>
    </message>
    <message>
        <source>导出产品目录模板</source>
        <translation>Export product catalogue template</translation>
    </message>
    <message>
        <source>产品目录模板.xlsx</source>
        <translation>Product_catalogue_template.xlsx</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx);;JSON 文件 (*.json)</source>
        <translation>Excel file (*.xlsx);;JSON file (*.json)</translation>
    </message>
    <message>
        <source>导出模板</source>
        <translation>Export template</translation>
    </message>
    <message>
        <source>已导出产品目录模板：{p}</source>
        <translation>Product catalogue template exported: {p}</translation>
    </message>
</context>
<context>
    <name>ClientChoiceDialog</name>
    <message>
        <source>新建服务方案</source>
        <translation>New proposal</translation>
    </message>
    <message>
        <source>输入客户名称、拼音或首字母后选择</source>
        <translation>Type a client name, pinyin or initials, then choose</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
</context>
<context>
    <name>ClientEditor</name>
    <message>
        <source>工作日志</source>
        <translation>Diary</translation>
    </message>
    <message>
        <source>督办事项</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>发展计划</source>
        <translation>Development plans</translation>
    </message>
    <message>
        <source>战略计划书</source>
        <translation>Strategy plans</translation>
    </message>
    <message>
        <source>服务方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>立项</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>贷款与风险</source>
        <translation>Loans and risk</translation>
    </message>
    <message>
        <source>共同服务</source>
        <translation>Shared service</translation>
    </message>
    <message>
        <source>档案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>从左侧列表选择一个客户查看档案，
或点击“新建客户”（Ctrl+N）建立新档案。</source>
        <translation>Choose a client in the list on the left to see the file,
or click “New client” (Ctrl+N) to start a new one.</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>客户的决策人和联系人：职务、职权、与我们的关系方法；勾选一位主要联系人。</source>
        <translation>The client&apos;s decision makers and contacts: position, authority, how we relate to them; tick one main contact.</translation>
    </message>
    <message>
        <source>还没有联系人。点“添加”录入客户的决策人和联系人。</source>
        <translation>No contacts yet. Click “Add” to enter the client&apos;s decision makers and contacts.</translation>
    </message>
    <message>
        <source>主要业务分析</source>
        <translation>Main business</translation>
    </message>
    <message>
        <source>客户的主要业务：性质、收入和利润占比、现状、来年计划和财务需求。</source>
        <translation>The client&apos;s main lines of business: nature, share of revenue and profit, current state, next year&apos;s plans and financing needs.</translation>
    </message>
    <message>
        <source>还没有业务分析。点“添加”录入客户的一项主要业务。</source>
        <translation>No business analysis yet. Click “Add” to enter one of the client&apos;s main lines of business.</translation>
    </message>
    <message>
        <source>他行关系</source>
        <translation>Other banks</translation>
    </message>
    <message>
        <source>与其他金融机构的关系：对方联系人、提供的产品及条件、客户选择原因、估计花费。</source>
        <translation>Relations with other financial institutions: their contact, products and terms offered, why the client chose them, estimated spend.</translation>
    </message>
    <message>
        <source>还没有他行关系记录。</source>
        <translation>No other-bank relations recorded yet.</translation>
    </message>
    <message>
        <source>服务现况</source>
        <translation>Our services</translation>
    </message>
    <message>
        <source>我行每项产品对该客户的服务情况：是否需要、他行是否提供、是否已推荐/采用/停用、我行份额。</source>
        <translation>Each of our products for this client: needed, offered by another bank, recommended / adopted / stopped, our share.</translation>
    </message>
    <message>
        <source>还没有服务现况。点“添加”选择产品并勾选情况。</source>
        <translation>No services recorded yet. Click “Add” to choose a product and tick its state.</translation>
    </message>
    <message>
        <source>关系价值</source>
        <translation>Relationship value</translation>
    </message>
    <message>
        <source>客户关系价值：资产、负债、中间业务的直接收益，关联收益和其他收益（元）。</source>
        <translation>Relationship value: direct income from assets, liabilities and fee business, related and other income (CNY).</translation>
    </message>
    <message>
        <source>还没有关系价值记录。点“添加”按年度录入收益。</source>
        <translation>No relationship value yet. Click “Add” to enter income by year.</translation>
    </message>
    <message>
        <source>关联客户</source>
        <translation>Related clients</translation>
    </message>
    <message>
        <source>母公司/集团、子公司、关联企业和介绍来的客户。</source>
        <translation>Parent company / group, subsidiaries, affiliates and referred clients.</translation>
    </message>
    <message>
        <source>还没有关联客户。</source>
        <translation>No related clients yet.</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Unsaved</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存整个档案（Ctrl+S）</source>
        <translation>Save the whole file (Ctrl+S)</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic data</translation>
    </message>
    <message>
        <source>我行在客户眼中的定位：重要程度、形象、优势与不足。</source>
        <translation>How the client sees our bank: importance, image, strengths and weaknesses.</translation>
    </message>
    <message>
        <source>我行定位</source>
        <translation>Our position</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>新档案保存后，这里会记录每一次修改：谁、何时、改了什么。</source>
        <translation>Once the new file is saved, every change is recorded here: who, when and what.</translation>
    </message>
    <message>
        <source>档案的每一次修改都留有记录（只读）。</source>
        <translation>Every change to the file is recorded here (read-only).</translation>
    </message>
    <message>
        <source>变更历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>新客户</source>
        <translation>New client</translation>
    </message>
    <message>
        <source>仅公司客户填写</source>
        <translation>Companies only</translation>
    </message>
    <message>
        <source>仅个人客户填写</source>
        <translation>Individuals only</translation>
    </message>
    <message>
        <source>（已停用）</source>
        <translation> (retired)</translation>
    </message>
    <message>
        <source>其他客户经理</source>
        <translation>Other customer managers</translation>
    </message>
    <message>
        <source>共同服务的客户，主办：{lead}</source>
        <translation>Served together; lead: {lead}</translation>
    </message>
    <message>
        <source>总行尚未确定</source>
        <translation>not yet named by head office</translation>
    </message>
    <message>
        <source>取消归档</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>把档案放回客户列表</source>
        <translation>Put the file back in the client list</translation>
    </message>
    <message>
        <source>归档后档案不再出现在客户列表中（勾选“含已归档”可见），不会删除</source>
        <translation>An archived file leaves the client list (tick “Include archived” to see it); nothing is deleted</translation>
    </message>
    <message>
        <source>已移交给 {name}（只读）</source>
        <translation>Handed over to {name} (read-only)</translation>
    </message>
    <message>
        <source>（未知）</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>已保存“{name}”</source>
        <translation>Saved “{name}”</translation>
    </message>
    <message>
        <source>已归档“{name}”</source>
        <translation>Archived “{name}”</translation>
    </message>
    <message>
        <source>已取消归档“{name}”</source>
        <translation>Unarchived “{name}”</translation>
    </message>
    <message>
        <source>往来</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>业务</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
</context>
<context>
    <name>ClientFollowUps</name>
    <message>
        <source>这个客户没有督办事项。走访时客户提出的问题在日志中记为督办事项。</source>
        <translation>This client has no follow-ups. Issues the client raises on a visit are recorded in the diary as follow-ups.</translation>
    </message>
    <message>
        <source>客户提出的问题及办理进度（谁走访谁督办），逾期的排在前面并标红；双击打开提出它的日志。</source>
        <translation>Issues the client raised and their progress (whoever visits follows up); overdue ones first, in red. Double-click to open the diary entry that raised it.</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>ClientPicker</name>
    <message>
        <source>输入名称或拼音首字母查找客户</source>
        <translation>Type a name or pinyin initials to find a client</translation>
    </message>
    <message>
        <source>列出客户</source>
        <translation>List clients</translation>
    </message>
</context>
<context>
    <name>ClientProjectsTab</name>
    <message>
        <source>这个客户还没有立项。大型潜在客户可点“新建立项”写立项建议书、组建项目小组。</source>
        <translation>No projects for this client yet. For a large prospect, click “New project” to write a project proposal and form a team.</translation>
    </message>
    <message>
        <source>新建立项</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>大型客户立项：立项建议书、项目小组、里程碑和审批；双击打开。</source>
        <translation>Large-client projects: proposal, team, milestones and approval; double-click to open.</translation>
    </message>
</context>
<context>
    <name>ClientProposalsTab</name>
    <message>
        <source>需求缺口</source>
        <translation>Needs not covered</translation>
    </message>
    <message>
        <source>来自服务现况和主要业务分析：客户需要而我行尚未提供、由他行提供、已停用的产品，以及财务需求。</source>
        <translation>From our services and the main business: products the client needs that we do not yet provide, that another bank provides or that were stopped, and financing needs.</translation>
    </message>
    <message>
        <source>缺口类型</source>
        <translation>Gap</translation>
    </message>
    <message>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>按缺口新建方案</source>
        <translation>New proposal from gaps</translation>
    </message>
    <message>
        <source>以缺口中的产品为推荐组合、缺口说明为背景，新建方案草稿</source>
        <translation>Start a draft proposal recommending the gap products, with the gaps as background</translation>
    </message>
    <message>
        <source>新建空白方案</source>
        <translation>New blank proposal</translation>
    </message>
    <message>
        <source>服务方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>还没有为这个客户做过服务方案。</source>
        <translation>No proposals for this client yet.</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>服务现况中没有未覆盖的需求</source>
        <translation>Our services show no uncovered needs</translation>
    </message>
</context>
<context>
    <name>ClientRiskTab</name>
    <message>
        <source>合同编号</source>
        <translation>Contract no.</translation>
    </message>
    <message>
        <source>贷款品种</source>
        <translation>Loan type</translation>
    </message>
    <message>
        <source>合同金额（元）</source>
        <translation>Contract amount (CNY)</translation>
    </message>
    <message>
        <source>余额（元）</source>
        <translation>Balance (CNY)</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Maturity</translation>
    </message>
    <message>
        <source>担保方式</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>五级分类</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>检查频率</source>
        <translation>Check frequency</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>还没有贷款。点“新增贷款”登记，或在命令行用 cmdesk loans import 从 Excel 导入台账。</source>
        <translation>No loans yet. Click “New loan”, or import the ledger from Excel with cmdesk loans import on the command line.</translation>
    </message>
    <message>
        <source>新增贷款</source>
        <translation>New loan</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>检查日期</source>
        <translation>Check date</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Checker</translation>
    </message>
    <message>
        <source>第二检查人</source>
        <translation>Second checker</translation>
    </message>
    <message>
        <source>建议分类</source>
        <translation>Proposed class</translation>
    </message>
    <message>
        <source>检查结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>还没有贷后检查报告。检查报告须两人完成（双人贷后检查），保存时会同时写入一条贷后检查日志。</source>
        <translation>No post-loan check reports yet. A check is done by two people; saving it also writes a post-loan check diary entry.</translation>
    </message>
    <message>
        <source>新增检查报告</source>
        <translation>New check report</translation>
    </message>
    <message>
        <source>导出PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>信号类型</source>
        <translation>Signal type</translation>
    </message>
    <message>
        <source>信息来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>风险成因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>处置期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>没有预警信号。登记新信号后，客户会被标为“关注”，并在下次导出时紧急上报总行。</source>
        <translation>No warning signals. Once a signal is recorded, the client is marked “Watch” and reported urgently to head office in the next export.</translation>
    </message>
    <message>
        <source>登记预警信号</source>
        <translation>Record warning signal</translation>
    </message>
    <message>
        <source>授信编号</source>
        <translation>Credit line no.</translation>
    </message>
    <message>
        <source>授信品种</source>
        <translation>Credit type</translation>
    </message>
    <message>
        <source>授信额度（元）</source>
        <translation>Limit (CNY)</translation>
    </message>
    <message>
        <source>已用（元）</source>
        <translation>Used (CNY)</translation>
    </message>
    <message>
        <source>起始日</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>没有授信记录。</source>
        <translation>No credit lines.</translation>
    </message>
    <message>
        <source>新增授信</source>
        <translation>New credit line</translation>
    </message>
    <message>
        <source>贷款台账</source>
        <translation>Loan ledger</translation>
    </message>
    <message>
        <source>贷后检查</source>
        <translation>Post-loan checks</translation>
    </message>
    <message>
        <source>预警信号</source>
        <translation>Warning signals</translation>
    </message>
    <message>
        <source>授信</source>
        <translation>Credit lines</translation>
    </message>
    <message>
        <source>保存客户档案后可登记贷款、贷后检查和预警信号。</source>
        <translation>Save the client file first to record loans, post-loan checks and warning signals.</translation>
    </message>
    <message>
        <source>该客户没有贷款，也没有预警信号。</source>
        <translation>This client has no loans and no warning signals.</translation>
    </message>
    <message>
        <source>五级分类（最差）：{c}</source>
        <translation>Classification (worst): {c}</translation>
    </message>
    <message>
        <source>贷款余额：{b}元</source>
        <translation>Loan balance: CNY {b}</translation>
    </message>
    <message>
        <source>，逾期 {n} 天</source>
        <translation>, {n} days overdue</translation>
    </message>
    <message>
        <source>下次贷后检查：{d}{late}</source>
        <translation>Next post-loan check: {d}{late}</translation>
    </message>
    <message>
        <source>{n} 笔贷款 90 天内到期</source>
        <translation>{n} loan(s) mature within 90 days</translation>
    </message>
    <message>
        <source>关注客户</source>
        <translation>Watch-list client</translation>
    </message>
    <message>
        <source>修改贷款 {n}</source>
        <translation>Edit loan {n}</translation>
    </message>
    <message>
        <source>新增贷后检查报告</source>
        <translation>New post-loan check report</translation>
    </message>
    <message>
        <source>修改贷后检查报告</source>
        <translation>Edit post-loan check report</translation>
    </message>
    <message>
        <source>修改预警信号</source>
        <translation>Edit warning signal</translation>
    </message>
    <message>
        <source>修改授信 {n}</source>
        <translation>Edit credit line {n}</translation>
    </message>
    <message>
        <source>确定删除所选记录吗？（档案历史中会留有记录）</source>
        <translation>Delete the selected record? (The file&apos;s history keeps a note of it.)</translation>
    </message>
    <message>
        <source>导出贷后检查报告</source>
        <translation>Export post-loan check report</translation>
    </message>
    <message>
        <source>贷后检查报告.pdf</source>
        <translation>Post-loan_check_report.pdf</translation>
    </message>
    <message>
        <source>已导出：{p}</source>
        <translation>Exported: {p}</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>客户名称</source>
        <translation>Client name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>主要联系人</source>
        <translation>Main contact</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>（已归档）</source>
        <translation> (archived)</translation>
    </message>
    <message>
        <source>【{role}】{name}</source>
        <translation>[{role}] {name}</translation>
    </message>
</context>
<context>
    <name>ClientTimeline</name>
    <message>
        <source>还没有关于这个客户的日志。点“新建日志”记一次走访或电话。</source>
        <translation>No diary entries for this client yet. Click “New entry” to record a visit or a call.</translation>
    </message>
    <message>
        <source>新建日志</source>
        <translation>New entry</translation>
    </message>
    <message>
        <source>为这个客户记一条日志</source>
        <translation>Record a diary entry for this client</translation>
    </message>
    <message>
        <source>与这个客户有关的全部日志，最新的在前；双击打开。</source>
        <translation>Every diary entry about this client, newest first; double-click to open.</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <source>搜索：名称、拼音首字母、代码、联系人、电话</source>
        <translation>Search: name, pinyin initials, code, contact, phone</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>含已归档</source>
        <translation>Include archived</translation>
    </message>
    <message>
        <source>新建客户</source>
        <translation>New client</translation>
    </message>
    <message>
        <source>新建客户档案（Ctrl+N）</source>
        <translation>New client file (Ctrl+N)</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>从 Excel（.xlsx）或 CSV 文件导入客户</source>
        <translation>Import clients from an Excel (.xlsx) or CSV file</translation>
    </message>
    <message>
        <source>正在载入客户档案…</source>
        <translation>Loading client files…</translation>
    </message>
    <message>
        <source>全部等级</source>
        <translation>All tiers</translation>
    </message>
    <message>
        <source>全部行业</source>
        <translation>All industries</translation>
    </message>
    <message>
        <source>显示前 {shown} 个，请细化搜索</source>
        <translation>Showing the first {shown}; please narrow the search</translation>
    </message>
    <message>
        <source>显示前 {shown} 个，共 {total} 个，请细化搜索</source>
        <translation>Showing {shown} of {total}; please narrow the search</translation>
    </message>
    <message>
        <source>共 {total} 个客户</source>
        <translation>{total} clients</translation>
    </message>
    <message>
        <source>没有符合条件的客户。
试试别的关键字，或清除筛选条件。</source>
        <translation>No clients match.
Try other words or clear the filters.</translation>
    </message>
    <message>
        <source>所有客户都已归档。
勾选“含已归档”可以查看。</source>
        <translation>All clients are archived.
Tick “Include archived” to see them.</translation>
    </message>
    <message>
        <source>还没有客户档案。
点击“新建客户”逐个建立，或用“导入…”从 Excel 导入。</source>
        <translation type="vanished">No client files yet.
Click “New client” to add one, or “Import…” to load them from Excel.</translation>
    </message>
    <message>
        <source>还没有客户。按 Ctrl+N 新建，或点“导入…”从 Excel 导入客户名单。</source>
        <translation>No clients yet. Press Ctrl+N to add one, or click “Import…” to load a client list from Excel.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>可直接输入 20261202、12-2、12月2日 等；↑/↓ 加减一天，F4 打开日历</source>
        <translation>Type e.g. 20261202 or 12-2; ↑/↓ moves a day, F4 opens the calendar</translation>
    </message>
    <message>
        <source>如 2026-12-02、12-2、12月2日</source>
        <translation>e.g. 2026-12-02 or 12-2</translation>
    </message>
    <message>
        <source>打开日历（F4）</source>
        <translation>Open the calendar (F4)</translation>
    </message>
</context>
<context>
    <name>DevelopmentPlansTab</name>
    <message>
        <source>发展目标</source>
        <translation>Goal</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>目标日期</source>
        <translation>Target date</translation>
    </message>
    <message>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <source>新建计划</source>
        <translation>New plan</translation>
    </message>
    <message>
        <source>删除计划</source>
        <translation>Delete plan</translation>
    </message>
    <message>
        <source>还没有发展计划。为潜在客户或要做大的客户点“新建计划”：目标、策略、措施、所需资源和里程碑。</source>
        <translation>No development plans yet. For a prospect or a client to grow, click “New plan”: goal, strategy, actions, resources needed and milestones.</translation>
    </message>
    <message>
        <source>按日期排列的关键节点；完成后把状态改为“已完成”并填写完成日期。</source>
        <translation>Key milestones by date; when one is reached, set its status to “Done” and fill in the date.</translation>
    </message>
    <message>
        <source>还没有里程碑。点“添加”写下第一个节点。</source>
        <translation>No milestones yet. Click “Add” to write the first.</translation>
    </message>
    <message>
        <source>保存计划</source>
        <translation>Save plan</translation>
    </message>
    <message>
        <source>客户发展计划：要从这个客户争取什么、怎么争取、需要哪些部门和人员支持。</source>
        <translation>Client development plan: what to win from this client, how, and which departments and people must support it.</translation>
    </message>
    <message>
        <source>编辑发展计划</source>
        <translation>Edit development plan</translation>
    </message>
    <message>
        <source>新的发展计划</source>
        <translation>New development plan</translation>
    </message>
    <message>
        <source>发展计划已保存</source>
        <translation>Development plan saved</translation>
    </message>
    <message>
        <source>删除发展计划</source>
        <translation>Delete development plan</translation>
    </message>
    <message>
        <source>删除这份发展计划及其里程碑？变更历史中仍可查到。</source>
        <translation>Delete this development plan and its milestones? The history still shows it.</translation>
    </message>
</context>
<context>
    <name>DiaryImportDialog</name>
    <message>
        <source>从 Excel 导入日志</source>
        <translation>Import diary from Excel</translation>
    </message>
    <message>
        <source>可导入 {ok} 条日志，拒绝 {bad} 行</source>
        <translation>{ok} entries can be imported, {bad} rows refused</translation>
    </message>
    <message>
        <source>已导入 {n} 条日志</source>
        <translation>{n} entries imported</translation>
    </message>
    <message>
        <source>已导入 {ok} 条日志，拒绝 {bad} 行</source>
        <translation>{ok} entries imported, {bad} rows refused</translation>
    </message>
    <message>
        <source>把以前记在 Excel（.xlsx）或 CSV 里的工作日志导入工作台：每行一条，客户须已建档。先检查文件，确认后再导入；有问题的行不会导入，可修改文件后重新检查。没有现成的表格时，先“保存模板…”照着填。</source>
        <translation>Import diary entries kept in Excel (.xlsx) or CSV into the desk: one entry per row, for clients that already have a file. The file is checked first and imported once you confirm; rows with problems are not imported — fix the file and check again. Without a sheet of your own, use “Save template…” and fill it in.</translation>
    </message>
    <message>
        <source>日志导入模板.xlsx</source>
        <translation>Diary_import_template.xlsx</translation>
    </message>
</context>
<context>
    <name>DiarySearchResults</name>
    <message>
        <source>正在搜索“{q}”…</source>
        <translation>Searching for “{q}”…</translation>
    </message>
    <message>
        <source>{date}&#x3000;{kind}&#x3000;&lt;b&gt;{client}&lt;/b&gt;&lt;br&gt;{snippet}</source>
        <translation>{date}&#x3000;{kind}&#x3000;&lt;b&gt;{client}&lt;/b&gt;&lt;br&gt;{snippet}</translation>
    </message>
    <message>
        <source>（内部工作）</source>
        <translation>(internal work)</translation>
    </message>
    <message>
        <source>“{q}”：找到 {n} 条（最新的在前）</source>
        <translation>“{q}”: {n} found (newest first)</translation>
    </message>
    <message>
        <source>没有找到“{q}”。</source>
        <translation>Nothing found for “{q}”.</translation>
    </message>
    <message>
        <source>没有搜完“{q}”。</source>
        <translation>The search for “{q}” did not finish.</translation>
    </message>
</context>
<context>
    <name>DiaryTable</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>见到的联系人</source>
        <translation>Contacts met</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>报告</source>
        <translation>report</translation>
    </message>
    <message>
        <source>督办 {n}</source>
        <translation>{n} follow-up(s)</translation>
    </message>
    <message>
        <source>主管批注</source>
        <translation>Supervisor&apos;s remark</translation>
    </message>
    <message>
        <source>{kind}（{marks}）</source>
        <translation>{kind} ({marks})</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>DiaryView</name>
    <message>
        <source>工作日志</source>
        <translation>Diary</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>周</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>跳到某一天</source>
        <translation>Go to a day</translation>
    </message>
    <message>
        <source>新建日志</source>
        <translation>New entry</translation>
    </message>
    <message>
        <source>记一条日志：走访、电话、会议……（Ctrl+L）</source>
        <translation type="vanished">Record an entry: visit, call, meeting… (Ctrl+L)</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>打开所选日志（双击或回车）</source>
        <translation>Open the selected entry (double-click or Enter)</translation>
    </message>
    <message>
        <source>搜索日志和访客报告：人名、产品、客户……（回车）</source>
        <translation>Search diary and visit reports: people, products, clients… (Enter)</translation>
    </message>
    <message>
        <source>打印访客报告…</source>
        <translation>Print visit report…</translation>
    </message>
    <message>
        <source>预览、打印或保存所选走访的访客报告（PDF）</source>
        <translation>Preview, print or save the visit report of the selected visit (PDF)</translation>
    </message>
    <message>
        <source>月度汇总…</source>
        <translation>Monthly pack…</translation>
    </message>
    <message>
        <source>把一段时间的全部访客报告汇成一份 PDF，交主管检查</source>
        <translation>Put every visit report of a period into one PDF for your supervisor</translation>
    </message>
    <message>
        <source>客户经理日志…</source>
        <translation>Manager&apos;s diary…</translation>
    </message>
    <message>
        <source>预览、打印或保存所显示月份的《客户经理日志》（全部日志、本月统计、逾期联系、未结督办、主管审阅）</source>
        <translation>Preview, print or save the manager&apos;s diary of the month shown (every entry, the month&apos;s figures, overdue contacts, open follow-ups, the supervisor&apos;s review)</translation>
    </message>
    <message>
        <source>打印访客报告</source>
        <translation>Print visit report</translation>
    </message>
    <message>
        <source>请先选中一条走访日志。</source>
        <translation>Select a visit entry first.</translation>
    </message>
    <message>
        <source>客户经理日志预览</source>
        <translation>Manager&apos;s diary preview</translation>
    </message>
    <message>
        <source>正在生成客户经理日志…</source>
        <translation>Making the manager&apos;s diary…</translation>
    </message>
    <message>
        <source>客户经理日志_{month}.pdf</source>
        <translation>Manager&apos;s diary_{month}.pdf</translation>
    </message>
    <message>
        <source>上一周</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>下一周</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>前一天</source>
        <translation>Previous day</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>后一天</source>
        <translation>Next day</translation>
    </message>
    <message>
        <source>{month} 已审阅（{reviewer}，{day}，批注 {remarks} 条）：{opinion}</source>
        <translation>{month} reviewed ({reviewer}, {day}, remarks: {remarks}): {opinion}</translation>
    </message>
    <message>
        <source>总行</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>{start} 至 {end}（第 {n} 周），共 {count} 条</source>
        <translation>{start} to {end} (week {n}), {count} entries</translation>
    </message>
    <message>
        <source>{day} {weekday}，共 {count} 条</source>
        <translation>{weekday} {day}, {count} entries</translation>
    </message>
    <message>
        <source>这一天还没有日志。
按 Ctrl+L 或点“新建日志”记一条。</source>
        <translation type="vanished">No entries on this day yet.
Press Ctrl+L or click “New entry” to record one.</translation>
    </message>
    <message>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>把以前记在 Excel 里的日志导入工作台（先检查，再导入）</source>
        <translation>Import diary entries kept in Excel into the desk (checked first, then imported)</translation>
    </message>
    <message>
        <source>记一条日志：走访、电话、会议……（Ctrl+N）</source>
        <translation>Record an entry: visit, call, meeting… (Ctrl+N)</translation>
    </message>
    <message>
        <source>这一天还没有日志。
按 Ctrl+N 或点“新建日志”记一条；以前记在 Excel 里的日志可用“从 Excel 导入…”导入。</source>
        <translation>No entries on this day yet.
Press Ctrl+N or click “New entry” to record one; entries kept in Excel can be loaded with “Import from Excel…”.</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>未保存的草稿</source>
        <translation>Unsaved draft</translation>
    </message>
    <message>
        <source>恢复未保存的草稿？</source>
        <translation>Restore the unsaved draft?</translation>
    </message>
    <message>
        <source>上次填写的日志没有保存。选择“恢复”继续填写，选择“丢弃”重新开始。</source>
        <translation>The entry you were writing last time was not saved. Choose “Restore” to continue or “Discard” to start again.</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>丢弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>客户提出的每个问题记一行：责任部门、督办人、期限和状态（谁走访谁督办）。</source>
        <translation>One row per issue the client raised: department responsible, who chases it, deadline and status (whoever visits follows up).</translation>
    </message>
    <message>
        <source>没有督办事项。点“添加督办”（或在表格中按 Insert）记录客户提出的问题。</source>
        <translation>No follow-ups. Click “Add follow-up” (or press Insert in the table) to record an issue the client raised.</translation>
    </message>
    <message>
        <source>日志</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Unsaved</translation>
    </message>
    <message>
        <source>Ctrl+S 保存 · Esc 关闭 · 草稿自动保存</source>
        <translation>Ctrl+S save · Esc close · drafts are kept automatically</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除这条日志（变更历史中留有记录）</source>
        <translation>Delete this entry (the history keeps a record)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存日志（Ctrl+S 或 Ctrl+Enter）</source>
        <translation>Save the entry (Ctrl+S or Ctrl+Enter)</translation>
    </message>
    <message>
        <source>先选择客户，这里列出客户档案中的联系人，空格键勾选。</source>
        <translation>Choose the client first; the contacts of the client&apos;s file are listed here. Press Space to tick.</translation>
    </message>
    <message>
        <source>见到的联系人</source>
        <translation>Contacts met</translation>
    </message>
    <message>
        <source>访客报告（走访时填写访客报告表）</source>
        <translation>Visit report (filled in for a visit)</translation>
    </message>
    <message>
        <source>产品目录为空</source>
        <translation>The product catalogue is empty</translation>
    </message>
    <message>
        <source>客户方人员</source>
        <translation>Client&apos;s people</translation>
    </message>
    <message>
        <source>推荐产品</source>
        <translation>Products recommended</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>After</translation>
    </message>
    <message>
        <source>这条日志已被删除</source>
        <translation>This entry has been deleted</translation>
    </message>
    <message>
        <source>主管批注（{reviewer}，{month} 审阅）：{remark}</source>
        <translation>Supervisor&apos;s remark ({reviewer}, review of {month}): {remark}</translation>
    </message>
    <message>
        <source>总行</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>编辑日志</source>
        <translation>Edit entry</translation>
    </message>
    <message>
        <source>新建日志</source>
        <translation>New entry</translation>
    </message>
    <message>
        <source>{name}（{position}）</source>
        <translation>{name} ({position})</translation>
    </message>
    <message>
        <source>日志已保存</source>
        <translation>Entry saved</translation>
    </message>
    <message>
        <source>删除日志</source>
        <translation>Delete entry</translation>
    </message>
    <message>
        <source>删除这条日志？删除后不再出现在日志中，变更历史中仍留有记录。</source>
        <translation>Delete this entry? It leaves the diary; the history keeps a record.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>日志已删除</source>
        <translation>Entry deleted</translation>
    </message>
    <message>
        <source>未保存的日志已存为草稿，下次打开时可以恢复</source>
        <translation>The unsaved entry was kept as a draft; you can restore it next time</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>未脱敏打印</source>
        <translation>Printed unmasked</translation>
    </message>
    <message>
        <source>访客报告</source>
        <translation>Visit report</translation>
    </message>
    <message>
        <source>督办事项</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>「{summary}」</source>
        <translation>“{summary}”</translation>
    </message>
    <message>
        <source>（未知）</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>这条日志的每一次修改都留有记录（只读），主管检查时可以看到：{n} 条。</source>
        <translation>Every change to this entry is recorded (read-only) and visible to your supervisor: {n}.</translation>
    </message>
    <message>
        <source>日志保存后，这里记录每一次修改。</source>
        <translation>Once the entry is saved, every change is recorded here.</translation>
    </message>
    <message>
        <source>{reason}要记走访，请把类型改为“走访”并勾选访客报告。</source>
        <translation>{reason}To record a visit, set the type to “Visit” and tick the visit report.</translation>
    </message>
    <message>
        <source>不含访客报告保存</source>
        <translation>Save without the visit report</translation>
    </message>
    <message>
        <source>只填了职务，请填写姓名或删除这一行</source>
        <translation>Only a position is filled in; enter the name or delete the row</translation>
    </message>
    <message>
        <source>已填写的访客报告内容不会保存。</source>
        <translation>What you wrote in the visit report will not be saved.</translation>
    </message>
    <message>
        <source>类型是“{kind}”，访客报告只随走访保存。</source>
        <translation>The type is “{kind}”; a visit report is saved only with a visit.</translation>
    </message>
    <message>
        <source>类型沿用上一条日志：{kind}。</source>
        <translation>Type taken from the last entry: {kind}.</translation>
    </message>
    <message>
        <source>类型沿用上一条日志：{kind}。记走访请把类型改为“走访”，访客报告随之出现。</source>
        <translation>Type taken from the last entry: {kind}. To record a visit, set the type to “Visit” and the visit report appears.</translation>
    </message>
    <message>
        <source>访客报告不会保存</source>
        <translation>The visit report will not be saved</translation>
    </message>
    <message>
        <source>访客报告没有勾选。</source>
        <translation>The visit report is not ticked.</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Go back and edit</translation>
    </message>
    <message>
        <source>键盘：Tab / Shift+Tab 下一项 / 上一项；表格中直接输入即开始一行，Tab 下一格，行末 Tab 另起一行，空行按 Tab 离开表格；Insert 加一行，Ctrl+Delete 删一行；日期可写 12-2、12月2日，F4 打开日历</source>
        <translation>Keyboard: Tab / Shift+Tab next / previous; typing in a table starts a row, Tab moves to the next cell, Tab at a row&apos;s end starts another, Tab on an empty row leaves the table; Insert adds a row, Ctrl+Delete removes one; dates may be typed as 12-2, F4 opens the calendar</translation>
    </message>
</context>
<context>
    <name>ExchangeView</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>In/Out</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>数据交换</source>
        <translation>Data exchange</translation>
    </message>
    <message>
        <source>每周把工作数据导出到 U 盘交给总行；导入总行发来的产品目录、任务指标和客户移交。数据包已加密并签名，只有总行能打开。</source>
        <translation>Each week, export your work to a USB drive for head office; import the product catalogue, targets and client handovers head office sends. Packages are encrypted and signed; only head office can open them.</translation>
    </message>
    <message>
        <source>待发送给总行</source>
        <translation>Waiting to go to head office</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>条数</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>全量导出（全部数据，而不只是上次以来的变更）</source>
        <translation>Full export (all data, not only the changes since last time)</translation>
    </message>
    <message>
        <source>导出到文件夹（U 盘）…</source>
        <translation>Export to folder (USB drive)…</translation>
    </message>
    <message>
        <source>导入总行数据包</source>
        <translation>Import head-office package</translation>
    </message>
    <message>
        <source>选择数据包…</source>
        <translation>Choose package…</translation>
    </message>
    <message>
        <source>选择总行发来的 .cmdx 数据包后，这里列出导入将改动的内容。</source>
        <translation>Choose a .cmdx package from head office to see here what the import will change.</translation>
    </message>
    <message>
        <source>确认导入</source>
        <translation>Confirm import</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>密钥设置</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>安装总行公钥…</source>
        <translation>Install head-office public key…</translation>
    </message>
    <message>
        <source>安装后请与总行电话核对指纹。本机公钥随每个数据包发送，总行首次导入时登记。</source>
        <translation>After installing, confirm the fingerprint with head office by phone. This desk&apos;s public key travels with every package and is registered by head office at the first import.</translation>
    </message>
    <message>
        <source>本机指纹：</source>
        <translation>This desk&apos;s fingerprint:</translation>
    </message>
    <message>
        <source>总行指纹：</source>
        <translation>Head-office fingerprint:</translation>
    </message>
    <message>
        <source>交换记录</source>
        <translation>Exchange history</translation>
    </message>
    <message numerus="yes">
        <source>上次导出以来有 %n 条变更待发送</source>
        <translation>
            <numerusform>%n change since the last export waiting to be sent</numerusform>
            <numerusform>%n changes since the last export waiting to be sent</numerusform>
        </translation>
    </message>
    <message>
        <source>没有待发送的变更</source>
        <translation>No changes waiting to be sent</translation>
    </message>
    <message>
        <source>上次导出：第 {0} 号，{1}，{2}</source>
        <translation>Last export: no. {0}, {1}, {2}</translation>
    </message>
    <message>
        <source>尚未导出过数据包</source>
        <translation>No package exported yet</translation>
    </message>
    <message>
        <source>尚未安装——安装后才能导出</source>
        <translation>Not installed — needed before exporting</translation>
    </message>
    <message>
        <source>选择导出到的文件夹（U 盘）</source>
        <translation>Choose the folder to export to (USB drive)</translation>
    </message>
    <message>
        <source>导出数据包</source>
        <translation>Export package</translation>
    </message>
    <message>
        <source>正在导出并加密数据…</source>
        <translation>Exporting and encrypting data…</translation>
    </message>
    <message>
        <source>已导出第 {0} 号数据包（{1} 条记录）到 {2}</source>
        <translation>Package no. {0} exported ({1} records) to {2}</translation>
    </message>
    <message>
        <source>选择总行数据包</source>
        <translation>Choose head-office package</translation>
    </message>
    <message>
        <source>cmdesk 数据包 (*.cmdx);;所有文件 (*)</source>
        <translation>cmdesk package (*.cmdx);;All files (*)</translation>
    </message>
    <message>
        <source>检查数据包</source>
        <translation>Check package</translation>
    </message>
    <message>
        <source>正在解密并核对数据包…</source>
        <translation>Decrypting and verifying the package…</translation>
    </message>
    <message>
        <source>无法导入：{0}</source>
        <translation>Cannot import: {0}</translation>
    </message>
    <message>
        <source>请核对将改动的内容，再点“确认导入”。</source>
        <translation>Check what will change, then click “Confirm import”.</translation>
    </message>
    <message>
        <source>导入数据包</source>
        <translation>Import package</translation>
    </message>
    <message>
        <source>正在备份并导入数据…</source>
        <translation>Backing up and importing data…</translation>
    </message>
    <message>
        <source>导入被拒绝，未改动任何数据：{0}</source>
        <translation>Import refused; no data was changed: {0}</translation>
    </message>
    <message>
        <source>选择总行公钥文件</source>
        <translation>Choose the head-office public key file</translation>
    </message>
    <message>
        <source>公钥文件 (*.json *.pub *.key);;所有文件 (*)</source>
        <translation>Public key file (*.json *.pub *.key);;All files (*)</translation>
    </message>
    <message>
        <source>无法读取文件：{0}</source>
        <translation>Cannot read the file: {0}</translation>
    </message>
    <message>
        <source>已安装总行公钥，指纹 {0}。请与总行核对。</source>
        <translation>Head-office public key installed, fingerprint {0}. Please confirm it with head office.</translation>
    </message>
    <message>
        <source>还没有交换记录。点“导出到文件夹（U 盘）…”把变更交给总行，或“选择数据包…”导入总行发来的数据。</source>
        <translation>No exchanges yet. Click “Export to folder (USB drive)…” to send your changes to head office, or “Choose package…” to import what head office sent.</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>显示完整的{label}（查看会记入审计记录）</source>
        <translation>Show the full {label} (viewing is recorded in the audit trail)</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>欢迎使用 cmdesk 客户经理工作台</source>
        <translation>Welcome to the cmdesk Customer Manager Desk</translation>
    </message>
    <message>
        <source>第一次使用，请填写您的资料。档案的每一次修改都会以您的姓名记录；打印件和导出的数据包也会带上这些资料。</source>
        <translation>First start: please fill in your details. Every change to a file is recorded under your name; printouts and exported packages carry these details too.</translation>
    </message>
    <message>
        <source>开始方式</source>
        <translation>How to start</translation>
    </message>
    <message>
        <source>从空白开始（正式使用）</source>
        <translation>Start empty (real use)</translation>
    </message>
    <message>
        <source>载入演示数据（{n} 个虚构客户，用于熟悉功能）</source>
        <translation>Load demo data ({n} fictitious clients, to get to know the desk)</translation>
    </message>
    <message>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>FollowUpPanel</name>
    <message>
        <source>添加督办</source>
        <translation>Add follow-up</translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>已逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>{date}（逾期 {n} 天）</source>
        <translation>{date} ({n} days overdue)</translation>
    </message>
</context>
<context>
    <name>FollowUpsView</name>
    <message>
        <source>督办事项</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>谁走访谁督办：客户提出的问题跟到办结、回复客户为止。逾期的排在最前。</source>
        <translation>Whoever visits follows up: each issue the client raised is chased until closed and answered. Overdue ones come first.</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>办理情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>办结人</source>
        <translation>Closed by</translation>
    </message>
    <message>
        <source>办结时间</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <source>查看日志</source>
        <translation>View entry</translation>
    </message>
    <message>
        <source>打开提出这件事的那条工作日志</source>
        <translation>Open the diary entry that raised this</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>共 {n} 件，逾期 {late} 件</source>
        <translation>{n} in all, {late} overdue</translation>
    </message>
    <message>
        <source>没有督办事项。</source>
        <translation type="vanished">No follow-ups.</translation>
    </message>
    <message>
        <source>没有这个状态的督办事项。</source>
        <translation type="vanished">No follow-ups with this status.</translation>
    </message>
    <message>
        <source>在左边选择一件督办事项。</source>
        <translation>Choose a follow-up on the left.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{client}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{client}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>责任部门：{department}&#x3000;督办人：{chaser}&#x3000;期限：{due}</source>
        <translation>Department: {department}&#x3000;Chased by: {chaser}&#x3000;Due: {due}</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c5221f&apos;&gt;已逾期 {n} 天&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#c5221f&apos;&gt;{n} days overdue&lt;/span&gt;</translation>
    </message>
    <message>
        <source>（未办结）</source>
        <translation>(open)</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>督办事项已保存</source>
        <translation>Follow-up saved</translation>
    </message>
    <message>
        <source>未保存：请改正标红的字段</source>
        <translation>Not saved: correct the fields marked in red</translation>
    </message>
    <message>
        <source>这件督办事项已被删除。</source>
        <translation>This follow-up has been deleted.</translation>
    </message>
    <message>
        <source>没有督办事项。客户提出的要求，在记日志时用“添加督办”登记，就会列在这里跟进到答复客户。</source>
        <translation>No follow-ups. Record what a client asks for with “Add follow-up” in a diary entry; it is then listed here until the client has an answer.</translation>
    </message>
    <message>
        <source>没有这个状态的督办事项。客户提出的要求，在记日志时用“添加督办”登记。</source>
        <translation>No follow-ups with this status. Record what a client asks for with “Add follow-up” in a diary entry.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>导入客户</source>
        <translation>Import clients</translation>
    </message>
    <message>
        <source>从 Excel（.xlsx）或 CSV 文件导入客户档案。先检查文件，确认后再导入；有问题的行不会导入，可修改文件后重新检查。</source>
        <translation>Import client files from an Excel (.xlsx) or CSV file. The file is checked first and imported once you confirm; rows with problems are not imported — fix the file and check again.</translation>
    </message>
    <message>
        <source>尚未选择文件</source>
        <translation type="vanished">No file chosen</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation type="vanished">Choose file…</translation>
    </message>
    <message>
        <source>保存模板…</source>
        <translation type="vanished">Save template…</translation>
    </message>
    <message>
        <source>写出一个带表头的空白导入模板</source>
        <translation type="vanished">Write an empty import template with the headers</translation>
    </message>
    <message>
        <source>选择文件后会先检查，不会写入任何数据。</source>
        <translation type="vanished">A chosen file is checked first; nothing is written.</translation>
    </message>
    <message>
        <source>行号</source>
        <translation type="vanished">Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation type="vanished">Column</translation>
    </message>
    <message>
        <source>原因</source>
        <translation type="vanished">Reason</translation>
    </message>
    <message>
        <source>导入</source>
        <translation type="vanished">Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation type="vanished">Close</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation type="vanished">Choose the file to import</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation type="vanished">Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>已导入 {n} 个客户</source>
        <translation>{n} clients imported</translation>
    </message>
    <message>
        <source>检查文件</source>
        <translation type="vanished">Check file</translation>
    </message>
    <message>
        <source>正在检查 {name}…</source>
        <translation type="vanished">Checking {name}…</translation>
    </message>
    <message>
        <source>正在导入 {name}…</source>
        <translation type="vanished">Importing {name}…</translation>
    </message>
    <message>
        <source>无法读取文件：{message}</source>
        <translation type="vanished">Cannot read the file: {message}</translation>
    </message>
    <message>
        <source>可导入 {ok} 个，拒绝 {bad} 行</source>
        <translation>{ok} can be imported, {bad} rows refused</translation>
    </message>
    <message>
        <source>。点“导入”写入。</source>
        <translation type="vanished">. Click “Import” to write them.</translation>
    </message>
    <message>
        <source>已导入 {ok} 个，拒绝 {bad} 行</source>
        <translation>{ok} imported, {bad} rows refused</translation>
    </message>
    <message>
        <source>保存导入模板</source>
        <translation type="vanished">Save import template</translation>
    </message>
    <message>
        <source>客户导入模板.xlsx</source>
        <translation>Client_import_template.xlsx</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation type="vanished">Excel file (*.xlsx)</translation>
    </message>
    <message>
        <source>模板已保存：{path}</source>
        <translation type="vanished">Template saved: {path}</translation>
    </message>
</context>
<context>
    <name>IndicatorDialog</name>
    <message>
        <source>添加指标</source>
        <translation>Add target</translation>
    </message>
    <message>
        <source>例如 代发工资户数</source>
        <translation>e.g. payroll accounts</translation>
    </message>
    <message>
        <source>例如 户、万元</source>
        <translation>e.g. accounts, 10k CNY</translation>
    </message>
    <message>
        <source>余额、日均和比率类指标取最近一月的值；新增、收入、户数等按月相加</source>
        <translation>Balances, daily averages and rates take the latest month; new business, income and counts add up by month</translation>
    </message>
    <message>
        <source>年度目标值</source>
        <translation>Annual target</translation>
    </message>
    <message>
        <source>指标名称</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>口径</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>目标</source>
        <translation>Goal</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LanguageBox</name>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>跟随系统</source>
        <translation>Follow system</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>语言设置没有保存：{error}</source>
        <translation>Language setting not saved: {error}</translation>
    </message>
    <message>
        <source>已保存，重启工作台后生效。</source>
        <translation>Saved; takes effect when the desk restarts.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>工作台已锁定</source>
        <translation>Desk locked</translation>
    </message>
    <message>
        <source>输入密码解锁</source>
        <translation>Enter your password to unlock</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>这个工作台还没有设置密码，任何人都能解锁。请在“设置 → 备份与安全”里设置密码。</source>
        <translation>This desk has no password yet, so anyone can unlock it. Set one in Settings → Backup and security.</translation>
    </message>
    <message>
        <source>{name} 的工作台</source>
        <translation>{name}&apos;s desk</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>cmdesk 客户经理工作台</source>
        <translation>cmdesk Customer Manager Desk</translation>
    </message>
    <message>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>客户档案</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>工作日志</source>
        <translation>Diary</translation>
    </message>
    <message>
        <source>督办事项</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>计划</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>服务方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>数据交换</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>正在打开…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>cmdesk 客户经理工作台 — {name}</source>
        <translation>cmdesk Customer Manager Desk — {name}</translation>
    </message>
    <message>
        <source>客户档案 {n} 个</source>
        <translation>{n} client files</translation>
    </message>
    <message>
        <source>&lt;h3&gt;cmdesk 客户经理工作台&lt;/h3&gt;&lt;p&gt;版本 {version}&lt;/p&gt;&lt;p&gt;数据文件夹：&lt;br&gt;{folder}&lt;/p&gt;&lt;p&gt;客户资料只保存在本机这个文件夹中（数据库已加密），备份也在其中；与总行交换数据用加密的数据包。&lt;/p&gt;</source>
        <translation>&lt;h3&gt;cmdesk Customer Manager Desk&lt;/h3&gt;&lt;p&gt;Version {version}&lt;/p&gt;&lt;p&gt;Data folder:&lt;br&gt;{folder}&lt;/p&gt;&lt;p&gt;Client data is kept only in this folder on this computer (the database is encrypted), with its backups; data goes to and from head office in encrypted packages.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{area}（{keys}）</source>
        <translation>{area} ({keys})</translation>
    </message>
    <message>
        <source>{area}：{what}</source>
        <translation>{area}: {what}</translation>
    </message>
    <message>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>从 Excel 导入客户…</source>
        <translation>Import clients from Excel…</translation>
    </message>
    <message>
        <source>从 Excel 导入日志…</source>
        <translation>Import diary from Excel…</translation>
    </message>
    <message>
        <source>使用帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>关于 cmdesk</source>
        <translation>About cmdesk</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>打印周工作计划…</source>
        <translation>Print weekly plan…</translation>
    </message>
    <message>
        <source>打印访客报告…</source>
        <translation>Print visit report…</translation>
    </message>
    <message>
        <source>批量打印方案包（立项页：打印立项建议书）…</source>
        <translation>Print proposal packs (on Projects: print the project proposal)…</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>新建周计划事项</source>
        <translation>New week plan item</translation>
    </message>
    <message>
        <source>新建客户</source>
        <translation>New client</translation>
    </message>
    <message>
        <source>新建方案（立项页：新建立项）</source>
        <translation>New proposal (on Projects: new project)</translation>
    </message>
    <message>
        <source>新建日志</source>
        <translation>New entry</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>查找客户</source>
        <translation>Find client</translation>
    </message>
    <message>
        <source>查找方案</source>
        <translation>Find proposal</translation>
    </message>
    <message>
        <source>查找日志</source>
        <translation>Find in diary</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>会议主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>主持人</source>
        <translation>Chair</translation>
    </message>
    <message>
        <source>工作安排</source>
        <translation>Action items</translation>
    </message>
    <message>
        <source>新建例会纪要</source>
        <translation>New minutes</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>还没有例会纪要。开完例会点“新建例会纪要”：记下主持人、参会人员、个人汇报、会议决定和工作安排。</source>
        <translation>No meeting minutes yet. After a meeting click “New minutes”: note the chair, attendees, reports, decisions and action items.</translation>
    </message>
    <message>
        <source>会议纪要</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>添加汇报</source>
        <translation>Add report</translation>
    </message>
    <message>
        <source>个人汇报</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>添加工作安排</source>
        <translation>Add action item</translation>
    </message>
    <message>
        <source>每项工作安排都列入督办事项：注明客户的归入该客户，未注明的作为内部事项；期限即督办期限。</source>
        <translation>Every action item becomes a follow-up: one naming a client goes to that client, one without is an internal matter; its deadline is the follow-up&apos;s due date.</translation>
    </message>
    <message>
        <source>注明客户的工作安排会列入该客户的督办事项，期限即督办期限。</source>
        <translation type="vanished">An action item naming a client becomes that client&apos;s follow-up, due by its deadline.</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Unsaved</translation>
    </message>
    <message>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>例会纪要</source>
        <translation>Meeting minutes</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected row</translation>
    </message>
    <message>
        <source>例会纪要已保存</source>
        <translation>Meeting minutes saved</translation>
    </message>
    <message>
        <source>删除例会纪要</source>
        <translation>Delete meeting minutes</translation>
    </message>
    <message>
        <source>删除这份例会纪要？由它列入的、尚未办理的督办事项也一并撤销。</source>
        <translation>Delete these minutes? Follow-ups they raised that nobody has started on are withdrawn too.</translation>
    </message>
    <message>
        <source>例会纪要预览</source>
        <translation>Meeting minutes preview</translation>
    </message>
    <message>
        <source>正在生成例会纪要…</source>
        <translation>Generating the meeting minutes…</translation>
    </message>
</context>
<context>
    <name>MonthPackDialog</name>
    <message>
        <source>访客报告汇总</source>
        <translation>Visit report pack</translation>
    </message>
    <message>
        <source>生成并预览</source>
        <translation>Generate and preview</translation>
    </message>
    <message>
        <source>把一段时间内的全部访客报告合成一个 PDF（含封面和目录），供主管月末检查。个人信息按规定打码。</source>
        <translation>Combines every visit report of a period into one PDF (with cover and contents) for the supervisor&apos;s month-end review. Personal data is masked as required.</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <source>正在生成 {start} 至 {end} 的访客报告汇总…</source>
        <translation>Generating the visit report pack for {start} to {end}…</translation>
    </message>
    <message>
        <source>访客报告汇总预览（{n} 份）</source>
        <translation>Visit report pack preview ({n} reports)</translation>
    </message>
    <message>
        <source>访客报告汇总_{start}_{end}.pdf</source>
        <translation>Visit_report_pack_{start}_{end}.pdf</translation>
    </message>
    <message>
        <source>请填写开始日期和结束日期</source>
        <translation>Please fill in the start and end dates</translation>
    </message>
</context>
<context>
    <name>MonthPlanPage</name>
    <message>
        <source>周</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>计划事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已顺延</source>
        <translation>Moved</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <source>计划中</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>计划外联系</source>
        <translation>Unplanned contacts</translation>
    </message>
    <message>
        <source>上月</source>
        <translation>Previous month</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>下月</source>
        <translation>Next month</translation>
    </message>
    <message>
        <source>本月目标</source>
        <translation>This month&apos;s goals</translation>
    </message>
    <message>
        <source>保存月计划</source>
        <translation>Save month plan</translation>
    </message>
    <message>
        <source>本月各周计划执行情况（双击打开该周）</source>
        <translation>Each week of the month, plan against actual (double-click to open the week)</translation>
    </message>
    <message>
        <source>{y}年{m}月</source>
        <translation>{m}/{y}</translation>
    </message>
    <message>
        <source>工作日 {n} 天</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <source>实际 {n}</source>
        <translation>Actual {n}</translation>
    </message>
    <message>
        <source>（完成 {rate}）</source>
        <translation> ({rate} done)</translation>
    </message>
    <message>
        <source>月计划已保存</source>
        <translation>Month plan saved</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>请牢记这个密码：密码一旦遗忘，不可找回，只能由总行恢复数据（本机的客户资料将无法打开）。</source>
        <translation>Remember this password: a forgotten password cannot be recovered; only head office can restore the data (the client files on this computer could not be opened).</translation>
    </message>
    <message>
        <source>为工作台设置密码</source>
        <translation>Set a password for the desk</translation>
    </message>
    <message>
        <source>这个工作台的数据还没有加密，电脑丢失时客户资料可能被读出。设置密码后，数据库和备份都会加密；加密前会先备份当前数据库。</source>
        <translation>This desk&apos;s data is not encrypted yet; client data could be read if the computer is lost. With a password, the database and backups are encrypted; the current database is backed up first.</translation>
    </message>
    <message>
        <source>欢迎使用 cmdesk 客户经理工作台</source>
        <translation>Welcome to the cmdesk Customer Manager Desk</translation>
    </message>
    <message>
        <source>第一次使用，请先设置工作台密码。客户的证件号、手机号和账户信息将加密保存，打开工作台和解锁时需要这个密码。</source>
        <translation>First start: please set the desk&apos;s password. Clients&apos; ID numbers, mobile numbers and accounts are stored encrypted; the password opens and unlocks the desk.</translation>
    </message>
    <message>
        <source>新密码（至少 {n} 个字符）</source>
        <translation>New password (at least {n} characters)</translation>
    </message>
    <message>
        <source>再输入一次新密码</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <source>在本机的系统密钥库中记住（下次不再询问）</source>
        <translation>Remember in this computer&apos;s key store (don&apos;t ask again)</translation>
    </message>
    <message>
        <source>加密并打开</source>
        <translation>Encrypt and open</translation>
    </message>
    <message>
        <source>设置密码</source>
        <translation>Set password</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>ParticipantsTable</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>添加人员</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>删除人员</source>
        <translation>Remove person</translation>
    </message>
    <message>
        <source>删除所选人员（在表格中按 Ctrl+Delete）</source>
        <translation>Remove the selected person (Ctrl+Delete in the table)</translation>
    </message>
    <message>
        <source>添加一位客户方人员（在表格中按 Insert 或直接输入）</source>
        <translation>Add one of the client&apos;s people (press Insert in the table, or just type)</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>这个工作台没有设置密码</source>
        <translation>This desk has no password</translation>
    </message>
    <message>
        <source>输入工作台密码</source>
        <translation>Enter desk password</translation>
    </message>
    <message>
        <source>这个工作台的数据已加密。请输入密码打开。</source>
        <translation>This desk&apos;s data is encrypted. Enter the password to open it.</translation>
    </message>
    <message>
        <source>数据文件夹：{path}</source>
        <translation>Data folder: {path}</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>在本机的系统密钥库中记住（下次不再询问）</source>
        <translation>Remember in this computer&apos;s key store (don&apos;t ask again)</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation>Please enter the password</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>不打码打印（内部使用）</source>
        <translation>Print unmasked (internal use)</translation>
    </message>
    <message>
        <source>显示完整的手机号、证件号和账号。仅供行内使用；每次不打码输出都会记入档案的变更历史。</source>
        <translation>Shows full mobile, ID and account numbers. For internal use only; every unmasked output is recorded in the file&apos;s history.</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>共 {n} 页</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <source>无法打开 PDF 文件</source>
        <translation>Cannot open the PDF file</translation>
    </message>
    <message>
        <source>不打码打印</source>
        <translation>Print unmasked</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>无法开始打印，请检查打印机。</source>
        <translation>Printing could not start; please check the printer.</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>保存失败：{error}</source>
        <translation>Save failed: {error}</translation>
    </message>
</context>
<context>
    <name>PlanItemDialog</name>
    <message>
        <source>编辑计划事项</source>
        <translation>Edit plan item</translation>
    </message>
    <message>
        <source>新增计划事项</source>
        <translation>New plan item</translation>
    </message>
    <message>
        <source>内部事务或备注，如：部门例会</source>
        <translation>Internal task or note, e.g. team meeting</translation>
    </message>
    <message>
        <source>待定</source>
        <translation>To be set</translation>
    </message>
    <message>
        <source>{day}（{holiday}）</source>
        <translation>{day} ({holiday})</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{product}（{category}）</source>
        <translation>{product} ({category})</translation>
    </message>
    <message>
        <source>请说明原因</source>
        <translation>Please give the reason</translation>
    </message>
</context>
<context>
    <name>PlansView</name>
    <message>
        <source>周计划</source>
        <translation>Week plan</translation>
    </message>
    <message>
        <source>月计划</source>
        <translation>Month plan</translation>
    </message>
    <message>
        <source>工作任务书</source>
        <translation>Task book</translation>
    </message>
    <message>
        <source>例会纪要</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>考核表</source>
        <translation>Assessment</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>例如 张明</source>
        <translation>e.g. Zhang Ming</translation>
    </message>
    <message>
        <source>例如 厦门分行思明支行</source>
        <translation>e.g. Xiamen Branch, Siming Sub-branch</translation>
    </message>
    <message>
        <source>例如 0592-1234567，印在交客户的方案上</source>
        <translation>e.g. 0592-1234567, printed on client proposals</translation>
    </message>
    <message>
        <source>例如 zhangming@bank.com</source>
        <translation>e.g. zhangming@bank.com</translation>
    </message>
</context>
<context>
    <name>ProjectEditor</name>
    <message>
        <source>立项建议书</source>
        <translation>Project proposal</translation>
    </message>
    <message>
        <source>客户发展计划</source>
        <translation>Client development plan</translation>
    </message>
    <message>
        <source>关联服务方案</source>
        <translation>Linked proposals</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>记一笔：今天的进展、沟通、决定…</source>
        <translation>Add a note: today&apos;s progress, talks, decisions…</translation>
    </message>
    <message>
        <source>添加日志</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>添加成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>项目小组</source>
        <translation>Project team</translation>
    </message>
    <message>
        <source>添加里程碑</source>
        <translation>Add milestone</translation>
    </message>
    <message>
        <source>里程碑</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <source>项目日志</source>
        <translation>Project log</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Unsaved</translation>
    </message>
    <message>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>立项</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected row</translation>
    </message>
    <message>
        <source>立项建议书 - {title}</source>
        <translation>Project proposal - {title}</translation>
    </message>
    <message>
        <source>（不关联）</source>
        <translation>(not linked)</translation>
    </message>
    <message>
        <source>{title}（{status}）</source>
        <translation>{title} ({status})</translation>
    </message>
    <message>
        <source>状态：{status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>立项已保存</source>
        <translation>Project saved</translation>
    </message>
    <message>
        <source>说明（可不填）：</source>
        <translation>Note (optional):</translation>
    </message>
    <message>
        <source>立项建议书预览</source>
        <translation>Project proposal preview</translation>
    </message>
    <message>
        <source>正在生成立项建议书…</source>
        <translation>Generating the project proposal…</translation>
    </message>
    <message>
        <source>立项建议书_{title}_{day}.pdf</source>
        <translation>Project_proposal_{title}_{day}.pdf</translation>
    </message>
</context>
<context>
    <name>ProjectList</name>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>组长</source>
        <translation>Team lead</translation>
    </message>
    <message>
        <source>预计业务规模</source>
        <translation>Expected volume</translation>
    </message>
    <message>
        <source>预计年收益（元）</source>
        <translation>Expected annual income (CNY)</translation>
    </message>
    <message>
        <source>未完成里程碑</source>
        <translation>Open milestones</translation>
    </message>
    <message>
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
</context>
<context>
    <name>ProjectsView</name>
    <message>
        <source>新建立项</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>打印立项建议书…</source>
        <translation>Print project proposal…</translation>
    </message>
    <message>
        <source>大型客户立项：立项建议书、项目小组、里程碑和审批进度；双击打开。</source>
        <translation>Large-client projects: proposal, team, milestones and approval progress; double-click to open.</translation>
    </message>
    <message>
        <source>共 {n} 个立项，{w} 个待审批</source>
        <translation>{n} projects, {w} awaiting approval</translation>
    </message>
    <message>
        <source>还没有立项。大型客户的综合服务项目，点“新建立项”建立立项建议书。</source>
        <translation>No projects yet. For a large client&apos;s combined service project, click “New project” to write a project proposal.</translation>
    </message>
</context>
<context>
    <name>ProposalEditor</name>
    <message>
        <source>服务方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>新服务方案</source>
        <translation>New proposal</translation>
    </message>
    <message>
        <source>查看以前的版本（只读）</source>
        <translation>View earlier versions (read-only)</translation>
    </message>
    <message>
        <source>新建版本</source>
        <translation>New version</translation>
    </message>
    <message>
        <source>复制当前版本为新的一版草稿；已提交的版本保持不变</source>
        <translation>Copy the current version into a new draft; submitted versions stay unchanged</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>例如 2026-12-31，可不填</source>
        <translation>e.g. 2026-12-31, optional</translation>
    </message>
    <message>
        <source>例如 2026-11-20</source>
        <translation>e.g. 2026-11-20</translation>
    </message>
    <message>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>利率/费率（%）</source>
        <translation>Rate / fee (%)</translation>
    </message>
    <message>
        <source>单笔费用（元）</source>
        <translation>Fee per deal (CNY)</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>预计年收益（元）</source>
        <translation>Expected annual income (CNY)</translation>
    </message>
    <message>
        <source>添加产品</source>
        <translation>Add product</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected row</translation>
    </message>
    <message>
        <source>推荐产品组合</source>
        <translation>Recommended products</translation>
    </message>
    <message>
        <source>状态变更记录：谁、何时、说明</source>
        <translation>Status changes: who, when, note</translation>
    </message>
    <message>
        <source>状态记录</source>
        <translation>Status log</translation>
    </message>
    <message>
        <source>打印/预览</source>
        <translation>Print / preview</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&#x3000;风险承受能力：{a}</source>
        <translation>&#x3000;Risk tolerance: {a}</translation>
    </message>
    <message>
        <source>未评估</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>客户：{name}</source>
        <translation>Client: {name}</translation>
    </message>
    <message>
        <source>{name}综合金融服务方案</source>
        <translation>Financial services proposal for {name}</translation>
    </message>
    <message>
        <source>第 1 版</source>
        <translation>Version 1</translation>
    </message>
    <message>
        <source>（当前）</source>
        <translation> (current)</translation>
    </message>
    <message>
        <source>第 {n} 版</source>
        <translation>Version {n}</translation>
    </message>
    <message>
        <source>{at}&#x3000;{who}&#x3000;{frm} → {to}&#x3000;第 {v} 版&#x3000;{note}</source>
        <translation>{at}&#x3000;{who}&#x3000;{frm} → {to}&#x3000;version {v}&#x3000;{note}</translation>
    </message>
    <message>
        <source>服务方案 - {title}</source>
        <translation>Proposal - {title}</translation>
    </message>
    <message>
        <source>这是第 {n} 版（历史版本），只读。</source>
        <translation>This is version {n} (an earlier version), read-only.</translation>
    </message>
    <message>
        <source>方案状态为“{s}”，第 {n} 版已冻结，只读；如需修改请点“新建版本”。</source>
        <translation>The proposal is “{s}”; version {n} is frozen and read-only. Click “New version” to change it.</translation>
    </message>
    <message>
        <source>方案金额超过审批额度，须先提交审批</source>
        <translation>The proposal exceeds the approval limit; submit it for approval first</translation>
    </message>
    <message>
        <source>（请选择产品）</source>
        <translation>(choose a product)</translation>
    </message>
    <message>
        <source>第 {n} 行：{text}（不能保存）</source>
        <translation>Row {n}: {text} (cannot be saved)</translation>
    </message>
    <message>
        <source>第 {n} 行：{text}</source>
        <translation>Row {n}: {text}</translation>
    </message>
    <message>
        <source>金额合计 &lt;b&gt;{amount}&lt;/b&gt; 元&#x3000;预计年收益合计 &lt;b&gt;{income}&lt;/b&gt; 元</source>
        <translation>Total amount &lt;b&gt;CNY {amount}&lt;/b&gt;&#x3000;expected annual income &lt;b&gt;CNY {income}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{basis}：{formula}</source>
        <translation>{basis}: {formula}</translation>
    </message>
    <message>
        <source>选择产品后按产品的收益计算方式计算预计年收益。</source>
        <translation>Once a product is chosen, the expected annual income follows its income basis.</translation>
    </message>
    <message>
        <source>计算方法&#x3000;{formulas}</source>
        <translation>Calculation&#x3000;{formulas}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>服务方案已保存（第 {n} 版）</source>
        <translation>Proposal saved (version {n})</translation>
    </message>
    <message>
        <source>复制第 {n} 版为第 {m} 版草稿？第 {n} 版将保持不变。</source>
        <translation>Copy version {n} into a draft version {m}? Version {n} stays unchanged.</translation>
    </message>
    <message>
        <source>已新建第 {n} 版</source>
        <translation>Version {n} created</translation>
    </message>
    <message>
        <source>将方案从“{a}”改为“{b}”。
说明（可不填）：</source>
        <translation>Change the proposal from “{a}” to “{b}”.
Note (optional):</translation>
    </message>
    <message>
        <source>退回方案，请写明原因：</source>
        <translation>Return the proposal; please give the reason:</translation>
    </message>
    <message>
        <source>（客户采纳后，方案中的产品将在客户档案的服务现况中标记为“客户已采用”。）</source>
        <translation>(Once the client accepts, the proposal&apos;s products are marked “adopted” in the client file&apos;s services.)</translation>
    </message>
    <message>
        <source>方案状态：{s}</source>
        <translation>Proposal status: {s}</translation>
    </message>
    <message>
        <source>交客户的服务方案资料…</source>
        <translation>Client proposal pack…</translation>
    </message>
    <message>
        <source>内部审批附件预览</source>
        <translation>Internal approval appendix preview</translation>
    </message>
    <message>
        <source>内部审批附件（内部资料）…</source>
        <translation>Internal approval appendix (internal)…</translation>
    </message>
    <message>
        <source>封面、产品组合及报价、产品说明、客户经理联系方式；不含内部数据</source>
        <translation>Cover, product combination and prices, product sheets, the customer manager&apos;s contact details; no internal figures</translation>
    </message>
    <message>
        <source>您的资料中没有业务电话和电子邮箱，客户资料上不会显示联系方式：请在“设置”中填写。</source>
        <translation>Your profile has no business phone or e-mail, so the client pack shows no contact details: please fill them in under “Settings”.</translation>
    </message>
    <message>
        <source>服务方案资料预览</source>
        <translation>Proposal pack preview</translation>
    </message>
    <message>
        <source>正在生成内部审批附件…</source>
        <translation>Generating the internal approval appendix…</translation>
    </message>
    <message>
        <source>正在生成服务方案资料…</source>
        <translation>Generating the proposal pack…</translation>
    </message>
    <message>
        <source>预计收益测算、他行合作情况、风险提示、审批记录；不交客户</source>
        <translation>Expected income, other banks&apos; terms, risk notes, approval record; not for the client</translation>
    </message>
</context>
<context>
    <name>ProposalList</name>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>搜索方案标题或客户</source>
        <translation>Search proposal title or client</translation>
    </message>
    <message>
        <source>新建方案</source>
        <translation>New proposal</translation>
    </message>
    <message>
        <source>审批金额…</source>
        <translation>Approval limit…</translation>
    </message>
    <message>
        <source>金额合计超过此数的方案须先提交审批，才能提交客户</source>
        <translation>Proposals with a total above this must be approved before they go to the client</translation>
    </message>
    <message>
        <source>批量打印方案包…</source>
        <translation>Print proposal packs…</translation>
    </message>
    <message>
        <source>为选中的方案（如一天要见的客户）一次生成会前资料包</source>
        <translation>Make the meeting packs of the chosen proposals (e.g. the day&apos;s clients) in one go</translation>
    </message>
    <message>
        <source>共 {n} 个方案</source>
        <translation>{n} proposals</translation>
    </message>
    <message>
        <source>方案审批金额</source>
        <translation>Proposal approval limit</translation>
    </message>
    <message>
        <source>金额合计超过此数的方案须先审批（元，可写 500万）：</source>
        <translation>Proposals with a total above this need approval first (CNY):</translation>
    </message>
    <message>
        <source>方案审批金额：{a} 元</source>
        <translation>Proposal approval limit: CNY {a}</translation>
    </message>
    <message>
        <source>没有方案。按 Ctrl+N 或点“新建方案”为客户拟一份；有筛选或搜索时，清除后再看。</source>
        <translation>No proposals. Press Ctrl+N or click “New proposal” to draft one for a client; if a filter or search is set, clear it and look again.</translation>
    </message>
</context>
<context>
    <name>ProposalPackDialog</name>
    <message>
        <source>批量打印服务方案资料</source>
        <translation>Print proposal packs</translation>
    </message>
    <message>
        <source>生成</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>勾选今天要见的客户的服务方案，一次生成全部资料（封面、目录、产品说明）。个人信息按规定打码。</source>
        <translation type="vanished">Tick the proposals of the clients you meet today to make all their packs at once (cover, contents, product sheets). Personal data is masked as required.</translation>
    </message>
    <message>
        <source>按客户名称、拼音或方案标题筛选</source>
        <translation>Filter by client name, pinyin or proposal title</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>方案标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>方案日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>每份一个文件（保存到文件夹）</source>
        <translation>One file each (into a folder)</translation>
    </message>
    <message>
        <source>合并为一个 PDF（每份一个书签）</source>
        <translation>One combined PDF (a bookmark each)</translation>
    </message>
    <message>
        <source>文件夹或 PDF 文件</source>
        <translation>Folder or PDF file</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已选 {n} 份</source>
        <translation>{n} chosen</translation>
    </message>
    <message>
        <source>服务方案资料_{day}.pdf</source>
        <translation>Proposal_packs_{day}.pdf</translation>
    </message>
    <message>
        <source>保存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>选择文件夹</source>
        <translation>Choose folder</translation>
    </message>
    <message>
        <source>请至少勾选一份服务方案</source>
        <translation>Tick at least one proposal</translation>
    </message>
    <message>
        <source>请选择保存位置</source>
        <translation>Please choose where to save</translation>
    </message>
    <message>
        <source>文件夹不存在：{path}</source>
        <translation>Folder does not exist: {path}</translation>
    </message>
    <message>
        <source>正在生成 {n} 份服务方案资料…</source>
        <translation>Generating {n} proposal packs…</translation>
    </message>
    <message>
        <source>已写出合并的服务方案资料：{path}</source>
        <translation>Combined proposal packs written: {path}</translation>
    </message>
    <message>
        <source>已写出 {n} 份服务方案资料到 {folder}</source>
        <translation>{n} proposal packs written to {folder}</translation>
    </message>
    <message>
        <source>服务方案资料预览</source>
        <translation>Proposal pack preview</translation>
    </message>
    <message>
        <source>交客户的服务方案资料</source>
        <translation>Client proposal pack</translation>
    </message>
    <message>
        <source>内部审批附件预览</source>
        <translation>Internal approval appendix preview</translation>
    </message>
    <message>
        <source>内部审批附件（内部资料，不交客户）</source>
        <translation>Internal approval appendix (internal, not for the client)</translation>
    </message>
    <message>
        <source>勾选今天要见的客户的服务方案，一次生成全部资料。交客户的资料只含产品、报价和您的联系方式；内部审批附件含预计收益、他行情况和风险提示，不交客户。个人信息按规定打码。</source>
        <translation>Tick the proposals of the clients you meet today to make all their documents at once. The client pack holds only products, prices and your contact details; the internal approval appendix holds expected income, other banks and risk notes and is not for the client. Personal data is masked as required.</translation>
    </message>
    <message>
        <source>已写出 {n} 份内部审批附件到 {folder}</source>
        <translation>{n} internal approval appendices written to {folder}</translation>
    </message>
    <message>
        <source>已写出合并的内部审批附件：{path}</source>
        <translation>Combined internal approval appendices written: {path}</translation>
    </message>
    <message>
        <source>正在生成 {n} 份内部审批附件…</source>
        <translation>Generating {n} internal approval appendices…</translation>
    </message>
</context>
<context>
    <name>ProposalsView</name>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>方案标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>方案日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>金额合计（元）</source>
        <translation>Total (CNY)</translation>
    </message>
    <message>
        <source>预计年收益（元）</source>
        <translation>Expected annual income (CNY)</translation>
    </message>
    <message>
        <source>服务方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>为客户需求设计产品组合，测算预计收益，报批后提交客户；客户采纳后自动更新客户档案的服务现况。</source>
        <translation>Design product combinations for a client&apos;s needs, estimate the income, get approval, then present to the client; once accepted, the client file&apos;s services are updated.</translation>
    </message>
    <message>
        <source>方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <source>产品目录</source>
        <translation>Product catalogue</translation>
    </message>
    <message>
        <source>大型客户立项</source>
        <translation>Large-client projects</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>RiskRegister</name>
    <message>
        <source>预警信号登记簿</source>
        <translation>Warning signal register</translation>
    </message>
    <message>
        <source>只看未解除的信号</source>
        <translation>Only signals not yet cleared</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>信号类型</source>
        <translation>Signal type</translation>
    </message>
    <message>
        <source>信息来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>风险成因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>防范措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>处置期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>预警客户清单…</source>
        <translation>Warning client list…</translation>
    </message>
    <message>
        <source>本月贷后检查清单…</source>
        <translation>This month&apos;s post-loan checks…</translation>
    </message>
    <message>
        <source>导入贷款台账…</source>
        <translation>Import loan ledger…</translation>
    </message>
    <message>
        <source>导入模板…</source>
        <translation>Import template…</translation>
    </message>
    <message>
        <source>双击一行打开客户档案，在“贷款与风险”页登记或修改预警信号。清单存为 .pdf 或 .xlsx（按文件名），个人信息已隐去。</source>
        <translation>Double-click a row to open the client file and record or edit warning signals on its “Loans and risk” page. Lists are saved as .pdf or .xlsx (by file name), with personal data hidden.</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>待紧急上报</source>
        <translation>Urgent, to report</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Excel (*.xlsx)</source>
        <translation>PDF (*.pdf);;Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>导出预警客户清单</source>
        <translation>Export warning client list</translation>
    </message>
    <message>
        <source>预警客户清单.pdf</source>
        <translation>Warning_client_list.pdf</translation>
    </message>
    <message>
        <source>导出本月贷后检查清单</source>
        <translation>Export this month&apos;s post-loan check list</translation>
    </message>
    <message>
        <source>贷后检查清单.pdf</source>
        <translation>Post-loan_check_list.pdf</translation>
    </message>
    <message>
        <source>已导出：{p}</source>
        <translation>Exported: {p}</translation>
    </message>
    <message>
        <source>导入贷款台账</source>
        <translation>Import loan ledger</translation>
    </message>
    <message>
        <source>表格 (*.xlsx *.xlsm *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.csv)</translation>
    </message>
    <message>
        <source>已导入 {n} 笔贷款，拒绝 {r} 行。</source>
        <translation>{n} loans imported, {r} rows refused.</translation>
    </message>
    <message>
        <source>……另有 {n} 条问题</source>
        <translation>… and {n} more problems</translation>
    </message>
    <message>
        <source>保存导入模板</source>
        <translation>Save import template</translation>
    </message>
    <message>
        <source>贷款台账导入模板.xlsx</source>
        <translation>Loan_ledger_import_template.xlsx</translation>
    </message>
    <message>
        <source>已写出模板：{p}</source>
        <translation>Template written: {p}</translation>
    </message>
    <message>
        <source>没有预警信号。在客户档案的“贷款与风险”页登记；贷款台账可用“导入贷款台账…”从 Excel 导入。</source>
        <translation>No warning signals. Record them on the client file&apos;s “Loans and risk” page; the loan ledger can be imported from Excel with “Import loan ledger…”.</translation>
    </message>
</context>
<context>
    <name>RiskTodaySections</name>
    <message>
        <source>即将到期贷款</source>
        <translation>Loans maturing soon</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>合同编号</source>
        <translation>Contract no.</translation>
    </message>
    <message>
        <source>余额</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>到期</source>
        <translation>Maturity</translation>
    </message>
    <message>
        <source>90 天内没有到期的贷款。</source>
        <translation>No loans mature within 90 days.</translation>
    </message>
    <message>
        <source>贷后检查</source>
        <translation>Post-loan checks</translation>
    </message>
    <message>
        <source>应检查日</source>
        <translation>Check due</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>没有到期的贷后检查。</source>
        <translation>No post-loan checks due.</translation>
    </message>
    <message>
        <source>预警信号与风险清单…</source>
        <translation>Warning signals and risk lists…</translation>
    </message>
    <message>
        <source>已逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>{d}（{n} 天后）</source>
        <translation>{d} (in {n} days)</translation>
    </message>
    <message>
        <source>元</source>
        <translation>CNY</translation>
    </message>
    <message>
        <source>{p}，已到 {m} 天提示</source>
        <translation>{p}, {m}-day notice reached</translation>
    </message>
    <message>
        <source>逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>{n} 天后到期</source>
        <translation>Due in {n} days</translation>
    </message>
</context>
<context>
    <name>RiskWeekSuggestions</name>
    <message>
        <source>双击把贷后检查加入本周计划</source>
        <translation>Double-click to add the post-loan check to this week&apos;s plan</translation>
    </message>
    <message>
        <source>加入计划（贷后检查）</source>
        <translation>Add to plan (post-loan check)</translation>
    </message>
    <message>
        <source>风险提示：{n} 户本周应做贷后检查或有贷款到期</source>
        <translation>Risk: {n} clients have a post-loan check or a maturing loan this week</translation>
    </message>
    <message>
        <source>本周没有到期的贷后检查或贷款。</source>
        <translation>No post-loan checks or loans due this week.</translation>
    </message>
</context>
<context>
    <name>RowFormDialog</name>
    <message>
        <source>{section} — 第 {row} 行</source>
        <translation>{section} — row {row}</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SectionPanel</name>
    <message>
        <source>（请选择产品）</source>
        <translation>(choose a product)</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>添加一行</source>
        <translation>Add a row</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>在表单中编辑所选行的全部字段</source>
        <translation>Edit every field of the selected row in a form</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除所选行（保存后生效，变更历史中可查）</source>
        <translation>Delete the selected row (on saving; the history keeps it)</translation>
    </message>
    <message>
        <source>显示完整的{label}（记入审计记录）</source>
        <translation>Show the full {label} (recorded in the audit trail)</translation>
    </message>
    <message>
        <source>第 {row} 行 {field}</source>
        <translation>Row {row} {field}</translation>
    </message>
    <message>
        <source>{where}：{problem}</source>
        <translation>{where}: {problem}</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>客户经理资料</source>
        <translation>Customer manager profile</translation>
    </message>
    <message>
        <source>打印件和导出的数据包都会带上这些资料；档案的变更历史以姓名记录操作人。</source>
        <translation type="vanished">Printouts and exported packages carry these details; file histories record who made a change by name.</translation>
    </message>
    <message>
        <source>保存资料</source>
        <translation>Save profile</translation>
    </message>
    <message>
        <source>对等配置与考核规则</source>
        <translation>Grade floors and assessment rules</translation>
    </message>
    <message>
        <source>客户等级</source>
        <translation>Client tiers</translation>
    </message>
    <message>
        <source>从高到低排列，例如 核心 / 重点 / 一般。新客户默认为最后一级。双击可改名。</source>
        <translation>From highest to lowest, e.g. core / key / general. New clients get the last tier. Double-click to rename.</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>保存等级</source>
        <translation>Save tiers</translation>
    </message>
    <message>
        <source>数据文件夹：{path}</source>
        <translation>Data folder: {path}</translation>
    </message>
    <message>
        <source>职级由总行登记为 {grade}，本机不能修改；如有变动请联系主管。</source>
        <translation>Head office records the grade as {grade}; it cannot be changed here. Contact your supervisor if it changes.</translation>
    </message>
    <message>
        <source>以下规则由总行下发，只读，本机不能修改。</source>
        <translation>These rules come from head office; they are read-only here.</translation>
    </message>
    <message>
        <source>总行下发规则后以总行为准；本机的考核规则可用 cmdesk assess rules --from 文件 载入。</source>
        <translation>Once head office sends rules, they apply; until then this desk&apos;s assessment rules can be loaded with cmdesk assess rules --from FILE.</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{tier}客户由{grade}以上服务</source>
        <translation>{tier} clients served by {grade} or above</translation>
    </message>
    <message>
        <source>无要求</source>
        <translation>none</translation>
    </message>
    <message>
        <source>我的职级：{grade}（{source}）</source>
        <translation>My grade: {grade} ({source})</translation>
    </message>
    <message>
        <source>对等配置：{floors}（{source}）</source>
        <translation>Grade floors: {floors} ({source})</translation>
    </message>
    <message>
        <source>考核规则（{source}）：</source>
        <translation>Assessment rules ({source}):</translation>
    </message>
    <message>
        <source>未保存：请改正标红的字段</source>
        <translation>Not saved: correct the fields marked in red</translation>
    </message>
    <message>
        <source>资料已保存</source>
        <translation>Profile saved</translation>
    </message>
    <message>
        <source>客户经理资料已保存</source>
        <translation>Customer manager profile saved</translation>
    </message>
    <message>
        <source>新等级</source>
        <translation>New tier</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>客户等级已保存</source>
        <translation>Client tiers saved</translation>
    </message>
    <message>
        <source>打印件和导出的数据包都会带上这些资料；业务电话和电子邮箱印在交客户的服务方案资料上，员工号不会。档案的变更历史以姓名记录操作人。</source>
        <translation>Printouts and exported packages carry these details; the business phone and e-mail are printed on client proposal packs, the employee number is not. File histories record who made a change by name.</translation>
    </message>
</context>
<context>
    <name>SharedClientTab</name>
    <message>
        <source>总行告知的共同服务情况：主办客户经理、协办客户经理，以及主办的档案副本和走访摘要（只读，以总行最新的共同服务数据包为准）。</source>
        <translation>Shared service as head office tells it: the lead and co-serving managers, the lead&apos;s file and visit summaries (read-only, as of head office&apos;s newest shared-service package).</translation>
    </message>
    <message>
        <source>这个客户没有与其他客户经理共同服务。总行发现同一证件号的客户在两位以上客户经理处时，会发来共同服务数据包。</source>
        <translation>This client is not served together with other managers. When head office finds the same ID number with two or more managers, it sends a shared-service package.</translation>
    </message>
    <message>
        <source>主办客户经理</source>
        <translation>Lead manager</translation>
    </message>
    <message>
        <source>本人：</source>
        <translation>Me:</translation>
    </message>
    <message>
        <source>主办：</source>
        <translation>Lead:</translation>
    </message>
    <message>
        <source>协办：</source>
        <translation>Co-serving:</translation>
    </message>
    <message>
        <source>总行告知于：</source>
        <translation>Told by head office:</translation>
    </message>
    <message>
        <source>主办的档案（只读副本）</source>
        <translation>The lead&apos;s file (read-only copy)</translation>
    </message>
    <message>
        <source>客户名称：</source>
        <translation>Client name:</translation>
    </message>
    <message>
        <source>证件号：</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <source>客户类型：</source>
        <translation>Client type:</translation>
    </message>
    <message>
        <source>客户等级：</source>
        <translation>Tier:</translation>
    </message>
    <message>
        <source>行业：</source>
        <translation>Industry:</translation>
    </message>
    <message>
        <source>地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>主要业务</source>
        <translation>Main business</translation>
    </message>
    <message>
        <source>收入占比</source>
        <translation>Revenue share</translation>
    </message>
    <message>
        <source>现状</source>
        <translation>State</translation>
    </message>
    <message>
        <source>财务需求</source>
        <translation>Financial needs</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contacts:</translation>
    </message>
    <message>
        <source>主要业务：</source>
        <translation>Main business:</translation>
    </message>
    <message>
        <source>主办的走访摘要（新的在前）</source>
        <translation>The lead&apos;s visit summaries (newest first)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>会见</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>主办还没有与该客户的走访、电话、会议或贷后检查记录。</source>
        <translation>The lead has no visit, call, meeting or post-loan check of this client yet.</translation>
    </message>
    <message>
        <source>总行尚未确定主办</source>
        <translation>Head office has not yet named the lead</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>右键点击可显示完整号码（记入审计记录）</source>
        <translation>Right-click to show the whole number (recorded in the audit trail)</translation>
    </message>
    <message>
        <source>{share}%</source>
        <translation>{share}%</translation>
    </message>
    <message>
        <source>主办档案副本中的联系人电话</source>
        <translation>Contact phone in the lead&apos;s copy</translation>
    </message>
    <message>
        <source>显示完整的电话（记入审计记录）</source>
        <translation>Show the whole phone number (recorded in the audit trail)</translation>
    </message>
</context>
<context>
    <name>StrategyPlansTab</name>
    <message>
        <source>新建年度计划…</source>
        <translation>New annual plan…</translation>
    </message>
    <message>
        <source>结束本年度</source>
        <translation>Close the year</translation>
    </message>
    <message>
        <source>把第一至七部分按档案现状存档，此后该年度计划书只能查看</source>
        <translation>Archive parts 1–7 as the file stands now; the year&apos;s plan is then read-only</translation>
    </message>
    <message>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>计划年度</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>第八部分：客户需求、我行产品、负责部门和人员、计划时间、方式、预计收益。</source>
        <translation>Part 8: client needs, our products, department and people responsible, timing, approach, expected income.</translation>
    </message>
    <message>
        <source>还没有计划行。点“添加”。</source>
        <translation>No plan rows yet. Click “Add”.</translation>
    </message>
    <message>
        <source>第九部分：挑战的来源、内容、防范措施和时间表。</source>
        <translation>Part 9: where challenges come from, what they are, measures and timetable.</translation>
    </message>
    <message>
        <source>还没有写挑战。点“添加”。</source>
        <translation>No challenges written yet. Click “Add”.</translation>
    </message>
    <message>
        <source>一至七 客户档案</source>
        <translation>1–7 Client file</translation>
    </message>
    <message>
        <source>八 我行来年计划</source>
        <translation>8 Our plan for next year</translation>
    </message>
    <message>
        <source>九 挑战</source>
        <translation>9 Challenges</translation>
    </message>
    <message>
        <source>这个客户还没有客户关系战略计划书。重点客户每年一份：点“新建年度计划…”。</source>
        <translation>This client has no relationship strategy plan yet. Key clients get one each year: click “New annual plan…”.</translation>
    </message>
    <message>
        <source>{year} 年度</source>
        <translation>{year}</translation>
    </message>
    <message>
        <source>{year} 年度已于 {when} 结束存档：第一至七部分为当时的档案内容，只能查看和打印。</source>
        <translation>{year} was closed on {when}: parts 1–7 show the file as it was then, for viewing and printing only.</translation>
    </message>
    <message>
        <source>{year} 年度进行中：第一至七部分随客户档案更新；第八、九部分在这里编辑。</source>
        <translation>{year} in progress: parts 1–7 follow the client file; parts 8 and 9 are edited here.</translation>
    </message>
    <message>
        <source>新建年度计划</source>
        <translation>New annual plan</translation>
    </message>
    <message>
        <source>计划年度：</source>
        <translation>Plan year:</translation>
    </message>
    <message>
        <source>战略计划书已保存</source>
        <translation>Strategy plan saved</translation>
    </message>
    <message>
        <source>结束 {year} 年度后，第一至七部分按档案现状存档，计划书只能查看和打印。继续？</source>
        <translation>Closing {year} archives parts 1–7 as the file stands now; the plan can then only be viewed and printed. Continue?</translation>
    </message>
</context>
<context>
    <name>TaskBookView</name>
    <message>
        <source> 年</source>
        <translation> </translation>
    </message>
    <message>
        <source>按标准指标建立</source>
        <translation>Create from standard targets</translation>
    </message>
    <message>
        <source>加入存款、贷款、中间业务收入、新增客户、走访、产品落地等标准指标，再逐项填写目标</source>
        <translation>Adds the standard targets (deposits, loans, fee income, new clients, visits, products landed…), then fill in each goal</translation>
    </message>
    <message>
        <source>添加指标…</source>
        <translation>Add target…</translation>
    </message>
    <message>
        <source>删除指标</source>
        <translation>Delete target</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>口径</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>目标</source>
        <translation>Goal</translation>
    </message>
    <message>
        <source>实际</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>完成进度</source>
        <translation>Achieved</translation>
    </message>
    <message>
        <source>时间进度</source>
        <translation>Time elapsed</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>实际值来源</source>
        <translation>Actual from</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>M{m}</translation>
    </message>
    <message>
        <source>完成进度与时间进度</source>
        <translation>Achieved vs time elapsed</translation>
    </message>
    <message>
        <source>这一年还没有工作任务书。点“按标准指标建立”，或“添加指标…”，再填写目标。</source>
        <translation>No task book for this year yet. Click “Create from standard targets” or “Add target…”, then fill in the goals.</translation>
    </message>
    <message>
        <source>月度实际：双击单元格录入当月实际值（清空即删除）；灰色行由系统根据档案和日志自动统计。</source>
        <translation>Monthly actuals: double-click a cell to enter the month&apos;s actual (clear it to delete); grey rows are counted automatically from files and the diary.</translation>
    </message>
    <message>
        <source>截至 {day}，时间进度 {share}</source>
        <translation>As of {day}, {share} of the year elapsed</translation>
    </message>
    <message>
        <source>{source}（{issued_by}）</source>
        <translation>{source} ({issued_by})</translation>
    </message>
    <message>
        <source>&#x3000;·&#x3000;任务书来源：{source}</source>
        <translation>&#x3000;·&#x3000;Task book from: {source}</translation>
    </message>
    <message>
        <source>自动统计</source>
        <translation>Counted automatically</translation>
    </message>
    <message>
        <source>按月录入</source>
        <translation>Entered monthly</translation>
    </message>
    <message>
        <source>双击修改目标</source>
        <translation>Double-click to change the goal</translation>
    </message>
    <message>
        <source>余额、日均和比率类指标看是否达到目标，不按时间进度衡量</source>
        <translation>Balances, daily averages and ratios are judged against the goal, not against time elapsed</translation>
    </message>
    <message>
        <source>时间进度 %</source>
        <translation>Time elapsed %</translation>
    </message>
    <message>
        <source>完成进度 %</source>
        <translation>Achieved %</translation>
    </message>
    <message>
        <source>从 {year} 年任务书中删除“{name}”及其月度实际值？</source>
        <translation>Delete “{name}” and its monthly actuals from the {year} task book?</translation>
    </message>
</context>
<context>
    <name>TodaySection</name>
    <message>
        <source>{title}（{n}）</source>
        <translation>{title} ({n})</translation>
    </message>
    <message>
        <source>还有 {n} 个 · 显示更多</source>
        <translation>{n} more · show more</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>今日日志</source>
        <translation>Today&apos;s diary</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>今天还没有日志。</source>
        <translation>No entries today yet.</translation>
    </message>
    <message>
        <source>今日计划</source>
        <translation>Today&apos;s plan</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>计划功能即将提供：届时今天要做的计划事项会列在这里。</source>
        <translation type="vanished">Plans are coming soon: today&apos;s planned items will be listed here.</translation>
    </message>
    <message>
        <source>逾期/即将到期联系</source>
        <translation>Contacts overdue / due soon</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>上次联系</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <source>到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>所有客户都在联系周期内。</source>
        <translation>Every client is within the contact interval.</translation>
    </message>
    <message>
        <source>督办事项</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>客户提出的问题</source>
        <translation>Issue raised</translation>
    </message>
    <message>
        <source>责任部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>本周没有到期的督办事项。</source>
        <translation>No follow-ups due this week.</translation>
    </message>
    <message>
        <source>待报告的重要情况变动</source>
        <translation type="vanished">Important changes to report</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>重要情况变动</source>
        <translation>Important change</translation>
    </message>
    <message>
        <source>没有待报告的重要情况变动。</source>
        <translation type="vanished">No important changes to report.</translation>
    </message>
    <message>
        <source>本周生日</source>
        <translation>Birthdays this week</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>本周没有重点客户联系人过生日。</source>
        <translation>No key-client contact has a birthday this week.</translation>
    </message>
    <message>
        <source>今日 · {day}</source>
        <translation>Today · {day}</translation>
    </message>
    <message>
        <source>yyyy年M月d日 dddd</source>
        <translation>dddd, d MMMM yyyy</translation>
    </message>
    <message>
        <source>今日日志 {entries} 条 · 逾期未联系客户 {contacts} 个 · 逾期督办 {follow_ups} 件 · 待报告变动 {changes} 项</source>
        <translation type="vanished">Entries today {entries} · contacts overdue {contacts} · follow-ups overdue {follow_ups} · changes to report {changes}</translation>
    </message>
    <message>
        <source>逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>{n} 天后到期</source>
        <translation>Due in {n} days</translation>
    </message>
    <message>
        <source>从未联系</source>
        <translation>Never contacted</translation>
    </message>
    <message>
        <source>应联系日期：{due}</source>
        <translation>Contact due: {due}</translation>
    </message>
    <message>
        <source>{date}（{state}）</source>
        <translation>{date} ({state})</translation>
    </message>
    <message>
        <source>标记为已报告</source>
        <translation type="vanished">Mark as reported</translation>
    </message>
    <message>
        <source>已向主管报告这项变动：从待报告列表中移除</source>
        <translation type="vanished">This change has been reported to the supervisor: remove it from the list</translation>
    </message>
    <message>
        <source>{month}月{day}日</source>
        <translation>{month}/{day}</translation>
    </message>
    <message>
        <source>今天 {date}</source>
        <translation>today {date}</translation>
    </message>
    <message>
        <source>{name}（{position}）</source>
        <translation>{name} ({position})</translation>
    </message>
    <message>
        <source>{age} 岁生日</source>
        <translation>turns {age}</translation>
    </message>
    <message>
        <source>已标记为已向主管报告</source>
        <translation type="vanished">Marked as reported to the supervisor</translation>
    </message>
    <message>
        <source>{date}（拖后 {n} 天）</source>
        <translation>{date} ({n} days late)</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>今日计划 {plan} 项（已完成 {done}）· 今日日志 {entries} 条 · 逾期未联系客户 {contacts} 个 · 逾期督办 {follow_ups} 件 · 待报告变动 {changes} 项</source>
        <translation type="vanished">Planned today {plan} ({done} done) · entries today {entries} · contacts overdue {contacts} · follow-ups overdue {follow_ups} · changes to report {changes}</translation>
    </message>
    <message>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>本周内</source>
        <translation>this week</translation>
    </message>
    <message>
        <source>本周计划里没有今天要做的事项。在“计划”中为本周安排走访，或勾选完成的事项。</source>
        <translation>Nothing in this week&apos;s plan for today. Plan visits for the week in “Plans”, or tick the items done.</translation>
    </message>
    <message>
        <source>总行已确认（{by} {at}）</source>
        <translation>Confirmed by head office ({by} {at})</translation>
    </message>
    <message>
        <source>总行</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>已报告（待总行确认）</source>
        <translation>Reported (awaiting head office)</translation>
    </message>
    <message>
        <source>待上报</source>
        <translation>To report</translation>
    </message>
    <message>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>重要情况变动（报总行）</source>
        <translation>Important changes (to head office)</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>没有待上报或待总行确认的重要情况变动。</source>
        <translation>No important change to report or awaiting head office.</translation>
    </message>
    <message>
        <source>对等配置例外（请向主管报告）</source>
        <translation>Grade exceptions (report them to your supervisor)</translation>
    </message>
    <message>
        <source>应由</source>
        <translation>Should be served by</translation>
    </message>
    <message>
        <source>没有对等配置例外。</source>
        <translation>No grade exceptions.</translation>
    </message>
    <message>
        <source>今日计划 {plan} 项（已完成 {done}）· 今日日志 {entries} 条 · 逾期未联系客户 {contacts} 个 · 逾期督办 {follow_ups} 件 · 重要情况变动 {changes} 项</source>
        <translation>Planned today {plan} ({done} done) · entries today {entries} · contacts overdue {contacts} · follow-ups overdue {follow_ups} · important changes {changes}</translation>
    </message>
    <message>
        <source>{floor}以上</source>
        <translation>{floor} or above</translation>
    </message>
    <message>
        <source>计划事项已完成</source>
        <translation>Plan item done</translation>
    </message>
    <message>
        <source>计划事项已恢复为计划中</source>
        <translation>Plan item back to planned</translation>
    </message>
    <message>
        <source>计划日</source>
        <translation>Planned for</translation>
    </message>
</context>
<context>
    <name>ValueTotals</name>
    <message>
        <source>关系价值合计（按已保存数据）</source>
        <translation>Relationship value totals (saved data)</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>{label}：</source>
        <translation>{label}:</translation>
    </message>
    <message>
        <source>合计（元）：</source>
        <translation>Total (CNY):</translation>
    </message>
    <message>
        <source>全部年度</source>
        <translation>All years</translation>
    </message>
</context>
<context>
    <name>WeekPlanPage</name>
    <message>
        <source>计划日期</source>
        <translation>Planned for</translation>
    </message>
    <message>
        <source>客户/事项</source>
        <translation>Client / item</translation>
    </message>
    <message>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>推介产品</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>预期成果</source>
        <translation>Expected outcome</translation>
    </message>
    <message>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>完成/原因</source>
        <translation>Done / reason</translation>
    </message>
    <message>
        <source>上一周</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>下一周</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>周工作计划（本周计划 + 上周执行情况），预览后打印或保存</source>
        <translation>Weekly work plan (this week&apos;s plan + last week&apos;s results); preview, then print or save</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>周工作计划的 Excel 工作簿，发送给主管</source>
        <translation>The weekly work plan as an Excel workbook for your supervisor</translation>
    </message>
    <message>
        <source>本周重点（回车保存）</source>
        <translation>This week&apos;s focus (Enter to save)</translation>
    </message>
    <message>
        <source>新增事项</source>
        <translation>New item</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>标记完成</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>取消事项…</source>
        <translation>Drop item…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>未完成事项顺延到下周</source>
        <translation>Move open items to next week</translation>
    </message>
    <message>
        <source>把本周仍在计划中的事项标为已顺延，并加入下周计划</source>
        <translation>Mark this week&apos;s open items as moved and add them to next week&apos;s plan</translation>
    </message>
    <message>
        <source>双击把客户加入本周计划</source>
        <translation>Double-click to add the client to this week&apos;s plan</translation>
    </message>
    <message>
        <source>加入计划</source>
        <translation>Add to plan</translation>
    </message>
    <message>
        <source>已加入本周计划</source>
        <translation>Added to this week&apos;s plan</translation>
    </message>
    <message>
        <source>计划执行情况</source>
        <translation>Plan vs actual</translation>
    </message>
    <message>
        <source>{day} 已记日志</source>
        <translation>Entry on {day}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>待联系客户（建议） {n} 位</source>
        <translation>Clients to contact (suggested): {n}</translation>
    </message>
    <message>
        <source>逾期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>{day} 到期</source>
        <translation>due {day}</translation>
    </message>
    <message>
        <source>计划 {n} 项：已完成 {done}，已顺延 {moved}，已取消 {dropped}，计划中 {open}</source>
        <translation>{n} items planned: {done} done, {moved} moved, {dropped} dropped, {open} open</translation>
    </message>
    <message>
        <source>；完成率 {rate}</source>
        <translation>; {rate} done</translation>
    </message>
    <message>
        <source>计划外联系 {n} 次</source>
        <translation>Unplanned contacts: {n}</translation>
    </message>
    <message>
        <source>周计划</source>
        <translation>Week plan</translation>
    </message>
    <message>
        <source>计划事项已保存</source>
        <translation>Plan item saved</translation>
    </message>
    <message>
        <source>取消事项</source>
        <translation>Drop item</translation>
    </message>
    <message>
        <source>取消原因：</source>
        <translation>Reason for dropping:</translation>
    </message>
    <message>
        <source>已标记为“{status}”</source>
        <translation>Marked “{status}”</translation>
    </message>
    <message>
        <source>计划事项</source>
        <translation>Plan item</translation>
    </message>
    <message>
        <source>删除计划事项</source>
        <translation>Delete plan item</translation>
    </message>
    <message>
        <source>删除“{subject}”这一项？</source>
        <translation>Delete the item “{subject}”?</translation>
    </message>
    <message>
        <source>计划事项已删除</source>
        <translation>Plan item deleted</translation>
    </message>
    <message>
        <source>{n} 项未完成事项已顺延到下周</source>
        <translation>{n} open items moved to next week</translation>
    </message>
    <message>
        <source>本周重点已保存</source>
        <translation>This week&apos;s focus saved</translation>
    </message>
    <message>
        <source>本周重点</source>
        <translation>This week&apos;s focus</translation>
    </message>
    <message>
        <source>周工作计划_{name}_{week}{suffix}</source>
        <translation>Weekly_plan_{name}_{week}{suffix}</translation>
    </message>
    <message>
        <source>周工作计划预览</source>
        <translation>Weekly plan preview</translation>
    </message>
    <message>
        <source>正在生成周工作计划…</source>
        <translation>Generating the weekly plan…</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在写出工作簿…</source>
        <translation>Writing the workbook…</translation>
    </message>
    <message>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
</context>
<context>
    <name>WeekView</name>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>（主管批注）</source>
        <translation> (supervisor&apos;s remark)</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>双击新建这一天的日志</source>
        <translation>Double-click to record an entry on this day</translation>
    </message>
    <message>
        <source>主管批注：{remark}</source>
        <translation>Supervisor&apos;s remark: {remark}</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>例如 1,500,000.00 或 150万</source>
        <translation>e.g. 1,500,000.00</translation>
    </message>
    <message>
        <source>0–100</source>
        <translation>0–100</translation>
    </message>
    <message>
        <source>例如 2025</source>
        <translation>e.g. 2025</translation>
    </message>
    <message>
        <source>例如 1980-05-17</source>
        <translation>e.g. 1980-05-17</translation>
    </message>
    <message>
        <source>手机或座机</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <source>18 位，如 91350100M000100Y43</source>
        <translation>18 characters, e.g. 91350100M000100Y43</translation>
    </message>
    <message>
        <source>18 位居民身份证号</source>
        <translation>18-digit resident ID number</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>见到的联系人</source>
        <translation>Contacts met</translation>
    </message>
    <message>
        <source>客户方人员</source>
        <translation>Client&apos;s people</translation>
    </message>
    <message>
        <source>推荐产品</source>
        <translation>Products recommended</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>上报时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <source>办结时间</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <source>办结人</source>
        <translation>Closed by</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>操作没有完成，已保存的数据不受影响。错误已记录在日志中。</source>
        <translation>The action did not finish; saved data is not affected. The error has been logged.</translation>
    </message>
    <message>
        <source>操作没有完成</source>
        <translation>Action not finished</translation>
    </message>
</context>
</TS>
