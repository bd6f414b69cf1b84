graph [
  node [
    id 0
    label "a"
  ]
  node [
    id 1
    label "b"
  ]
  node [
    id 2
    label "c"
  ]
  node [
    id 3
    label "d"
  ]
  edge [
    source 0
    target 1
    weight 0.25
  ]
  edge [
    source 0
    target 3
    weight 0.25
  ]
  edge [
    source 0
    target 2
    weight 0.25
  ]
  edge [
    source 0
    target 0
    weight 0.25
  ]
  edge [
    source 1
    target 2
    weight 0.25
  ]
  edge [
    source 1
    target 1
    weight 0.5
  ]
  edge [
    source 2
    target 3
    weight 0.25
  ]
  edge [
    source 2
    target 2
    weight 0.25
  ]
  edge [
    source 3
    target 3
    weight 0.5
  ]
]
