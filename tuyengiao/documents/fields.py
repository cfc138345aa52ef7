"""The fields of work (lĩnh vực) reports and documents are organised by (docs/domain.md §2)."""

FIELDS_OF_WORK: list[tuple[str, str]] = [
    ("lanh-dao-chi-dao", "Lãnh đạo, chỉ đạo"),
    ("hoc-tap-quan-triet", "Học tập, quán triệt nghị quyết"),
    ("tuyen-truyen", "Tuyên truyền"),
    ("bao-chi-xuat-ban", "Báo chí, xuất bản"),
    ("du-luan-xa-hoi", "Dư luận xã hội"),
    ("khoa-giao", "Khoa giáo"),
    ("van-hoa-van-nghe", "Văn hóa, văn nghệ"),
    ("ly-luan-chinh-tri", "Lý luận chính trị"),
    ("lich-su-dang", "Lịch sử Đảng"),
    ("dan-van", "Dân vận"),
    ("hoc-tap-lam-theo-bac", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ("bao-ve-nen-tang-tu-tuong", "Bảo vệ nền tảng tư tưởng của Đảng"),
    ("chuyen-doi-so", "Chuyển đổi số"),
    ("to-chuc-can-bo", "Tổ chức, cán bộ ngành tuyên giáo"),
]
