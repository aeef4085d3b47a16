"""Turn seeded candidates into ``vocabulary.csv``: the news review, as code (run by hand).

Usage: ``python tools/review_vocabulary.py candidates.csv > vocabulary.csv`` (candidates from
``tools/seed_vocabulary.py``). Applies the review decisions recorded below: rows dropped
because the swap is wrong in news (the computing senses of everyday words and other
two-character words with a news meaning of their own), Hong Kong alternatives where Hong
Kong media write both words, and the rows added by hand (names of heads of government,
finance, AI and chip terms, outlets' brand names) with their sources. A word claimed by two
rows keeps the first (``glossary lint`` would reject the clash).
"""

from __future__ import annotations

import csv
import sys

import opencc

T2S = opencc.OpenCC("t2s").convert

#: Swaps that are wrong in news copy (the word keeps its everyday sense in Taiwan/Hong Kong).
DROPPED = set(
    "保存 项目 运行 连接 审核 局部 查看 查找 打开 添加 创建 设置 性能 高级 低级 社区 消息 联系 "
    "优化 调度 调用 导入 导出 截取 重载 映射 屏蔽 批量 全局 进程 信号 集成 交互 图像 禁用 "
    "文档 默认 实例 类型 字体 存盘 加载 卸载 发送 呼出 免提 激活 注销 登录 支持 对象 程序 文件 "
    "设备 数据 发布 声明 扩展 参数 质量 水平 土豆 窗口 接口 界面 智能 高端 通信 镜像 剪切 "
    "算子 句柄 指针 队列 变量 函数 端口 在线 用户 内核 内置 外置 重装 复印 刷新 缓存 "
    "译码 码率 采样 磁道 盘片 盘符 散列 哈希 回调 堆栈 宽带 带宽 兼容 仿真 硬体 软体 "
    "网路 总线 异步 嵌套 前缀 后缀 缩进 缺省 菜单 视图 控件 组件 模块 插件 源码 代码 脚本 "
    "线程 递归 链表 溢出 枚举 数组 字段 字符 字节 存储 固件 主板 串口 串行 光标 位图 像素 "
    "元音 辅音 分区 列印 刻录 半角 全角 卷积 句柄 图库 图标 壁纸 多态 外键 密钥 寻址 字库 "
    "权限 杀毒 死机 比特 显存 显卡 声卡 宕机 屏幕 截屏 挂断 拷贝 粘贴 粘膜 绑定 网关 网卡 "
    "词组 调制 调试 远程 进制 重命名 矢量 硬盘 磁盘 光盘 光驱 软驱 点击 花屏 蓝屏 页眉 页脚 "
    "触摸 局域网 智慧型 宏语言 倒楣 实时".split()
)
#: Hong Kong media write both words: conversion keeps whichever the source has.
HK_ALTERNATIVES = {
    "信息": "資訊|信息",
    "视频": "影片|視頻",
    "芯片": "芯片|晶片",
    "信息技术": "資訊科技",
}
#: Rows added by hand: zh_Hans, zh_TW, zh_HK, note, source.
ADDED = [
    ("特朗普", "川普", "特朗普", "US president Donald Trump", "Central News Agency; RTHK"),
    ("唐纳德·特朗普", "唐納·川普", "當勞·特朗普", "full name", "MediaWiki zh2TW/zh2HK"),
    ("普京", "普丁", "普京", "Russian president Vladimir Putin", "CNA; RTHK"),
    ("马克龙", "馬克宏", "馬克龍", "French president Emmanuel Macron", "CNA; RTHK"),
    ("泽连斯基", "澤倫斯基", "澤連斯基", "Ukrainian president Zelensky", "CNA; RTHK"),
    ("内塔尼亚胡", "納坦雅胡", "內塔尼亞胡", "Israeli PM Netanyahu", "CNA; RTHK"),
    ("朔尔茨", "蕭茲", "朔爾茨", "former German chancellor Olaf Scholz", "CNA; RTHK"),
    ("默茨", "梅爾茨", "默茨", "German chancellor Friedrich Merz", "CNA; RTHK"),
    ("斯塔默", "施凱爾", "施紀賢", "UK PM Keir Starmer", "CNA; RTHK"),
    ("苏纳克", "蘇納克", "辛偉誠", "former UK PM Rishi Sunak", "CNA; RTHK"),
    ("埃尔多安", "艾爾段", "埃爾多安", "Turkish president Erdogan", "CNA; RTHK"),
    ("万斯", "范斯", "萬斯", "US vice-president JD Vance", "CNA; RTHK"),
    ("奥巴马", "歐巴馬", "奧巴馬", "Barack Obama", "MediaWiki zh2TW"),
    ("扎克伯格", "祖克柏", "朱克伯格", "Mark Zuckerberg", "CNA; HK01"),
    ("卢拉", "魯拉", "盧拉", "Brazilian president Lula", "CNA; RTHK"),
    ("市盈率", "本益比", "市盈率", "P/E ratio", "MOE Taiwan finance usage; HKEX"),
    ("同比增长", "年增", "按年增長", "year-on-year growth", "CNA business copy; RTHK"),
    ("同比下降", "年減", "按年下跌", "year-on-year fall", "CNA business copy; RTHK"),
    ("环比增长", "月增", "按月增長", "month-on-month growth", "CNA business copy; RTHK"),
    ("环比下降", "月減", "按月下跌", "month-on-month fall", "CNA business copy; RTHK"),
    ("净利润", "淨利", "純利", "net profit", "CNA; HKEJ"),
    ("大语言模型", "大型語言模型", "大型語言模型", "large language model", "CNA tech; HK01"),
    ("生成式人工智能", "生成式AI", "生成式人工智能", "generative AI", "CNA tech; RTHK"),
    ("光刻机", "曝光機", "光刻機", "lithography machine", "CNA tech; HKET"),
    ("服务器", "伺服器", "伺服器", "server", "OpenCC TWPhrases; HK01"),
    ("内存", "記憶體", "記憶體", "memory (RAM)", "MediaWiki zh2TW/zh2HK"),
    ("新闻发布会", "記者會", "記者會", "press conference (never 釋出會)", "CNA; RTHK"),
    ("出租车", "計程車", "的士", "taxi", "MediaWiki zh2TW/zh2HK"),
    ("自行车", "自行車|腳踏車", "單車", "bicycle", "MediaWiki zh2HK; CNA"),
    ("摩托车", "機車", "電單車", "motorcycle", "MediaWiki zh2TW/zh2HK"),
    ("公交车", "公車", "巴士", "bus", "MediaWiki zh2TW/zh2HK"),
    ("智能手机", "智慧型手機|智慧手機", "智能手機", "smartphone", "MediaWiki zh2TW/zh2HK"),
    ("互联网", "網際網路", "互聯網", "the Internet", "MediaWiki zh2TW/zh2HK"),
    ("社交媒体", "社群媒體", "社交媒體", "social media", "CNA; RTHK"),
    ("新冠肺炎", "武漢肺炎|新冠肺炎", "新冠肺炎", "COVID-19", "CNA; RTHK"),
    ("一季度", "第一季", "第一季度", "first quarter", "CNA business copy; RTHK"),
    ("国内生产总值", "國內生產毛額", "國內生產總值", "GDP", "DGBAS Taiwan; HK C&SD"),
    ("航天员", "太空人", "太空人", "astronaut", "CNA; RTHK"),
    ("美联储", "聯準會", "聯儲局", "US Federal Reserve", "CNA; RTHK"),
    ("带宽", "頻寬", "頻寬", "bandwidth", "OpenCC TWPhrases"),
    ("宽带", "寬頻", "寬頻", "broadband", "OpenCC HKPhrases"),
    ("工业和信息化部", "工業和信息化部", "工業和信息化部", "brand: ministry name, kept", "MIIT site"),
    (
        "腾讯视频",
        "騰訊視頻",
        "騰訊視頻",
        "brand: Tencent Video, kept as the company writes it",
        "company site",
    ),
    (
        "优酷视频",
        "優酷視頻",
        "優酷視頻",
        "brand: Youku, kept as the company writes it",
        "company site",
    ),
    (
        "中国网络电视台",
        "中國網絡電視台",
        "中國網絡電視台",
        "brand: CNTV, kept as the outlet writes it",
        "outlet site",
    ),
    ("人民网", "人民網", "人民網", "brand: People's Daily Online", "outlet site"),
    ("新华网", "新華網", "新華網", "brand: Xinhua Net", "outlet site"),
    ("凤凰网", "鳳凰網", "鳳凰網", "brand: ifeng.com", "outlet site"),
    ("网易新闻", "網易新聞", "網易新聞", "brand: NetEase News", "outlet site"),
    ("联合新闻网", "聯合新聞網", "聯合新聞網", "brand: udn.com", "outlet site"),
    ("中时新闻网", "中時新聞網", "中時新聞網", "brand: China Times", "outlet site"),
    ("香港电台", "香港電台", "香港電台", "brand: RTHK (電台, never 電臺)", "outlet site"),
    ("东网", "東網", "東網", "brand: on.cc", "outlet site"),
    (
        "台湾积体电路",
        "台灣積體電路",
        "台灣積體電路",
        "brand: TSMC's full name is written 台灣",
        "company site",
    ),
]


def main() -> int:
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("id", "zh_Hans", "zh_TW", "zh_HK", "note", "source"))
    claimed: set[tuple[str, str]] = set()
    written = 0

    def emit(hans: str, tw: str, hk: str, note: str, source: str) -> None:
        nonlocal written
        forms = {"zh_Hans": hans, "zh_TW": tw, "zh_HK": hk}
        keys = {(loc, T2S(f)) for loc, cell in forms.items() for f in cell.split("|")}
        if keys & claimed:
            return
        claimed.update(keys)
        out.writerow((hans, hans, tw, hk, note, source))
        written += 1

    for hans, tw, hk, note, source in ADDED:
        emit(hans, tw, hk, note, source)
    for row in rows:
        hans = row["zh_Hans"]
        if hans in DROPPED or "著" in hans or "着" in hans:
            continue
        hk = HK_ALTERNATIVES.get(hans, row["zh_HK"])
        # OpenCC's TWPhrases writes 類别 once: the Traditional form is 類別
        emit(hans, row["zh_TW"].replace("别", "別"), hk.replace("别", "別"), "", row["source"])
    print(f"{written} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
