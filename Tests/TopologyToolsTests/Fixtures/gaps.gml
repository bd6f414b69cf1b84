graph [
  directed 1
  node [
    id 0
    label "1"
  ]
  node [
    id 1
    label "5"
  ]
  node [
    id 2
    label "1000"
  ]
  edge [
    source 0
    target 1
  ]
  edge [
    source 1
    target 2
  ]
  edge [
    source 2
    target 0
  ]
]
